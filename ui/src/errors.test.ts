import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorSentence } from './errors';
import { ApiError } from './api';
import { i18n } from './i18n';

const setLocale = (l: 'zh-CN' | 'en') => { i18n.global.locale.value = l; };

const unreachable = {
  code: 'offline',
  message: 'the sync server http://10.0.0.9:8787 cannot be reached: error sending request for url (http://10.0.0.9:8787/v1/me): client error (Connect)',
};

describe('errorSentence', () => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  afterEach(() => setLocale('zh-CN'));

  it('says what to do in Chinese, keeping the technical message for the details fold', () => {
    setLocale('zh-CN');
    const s = errorSentence(unreachable);
    expect(s.text).toBe('当前无法连接服务器，数据已保存在本机，恢复网络后会自动同步');
    expect(s.text).not.toMatch(/[A-Za-z]/);
    expect(s.detail).toContain('error sending request for url');
    expect(s.code).toBe('offline');
  });

  it('gives the advice of the place where the same code needs other words', () => {
    setLocale('zh-CN');
    expect(errorSentence(unreachable, 'enroll').text).toBe('无法连接到这个服务器：请检查网络和服务器地址后再试');
    expect(errorSentence(new ApiError('enroll_failed', 'the server does not accept this token (wrong, or the device was revoked)'), 'enroll').text)
      .toBe('服务器不接受此注册码：请向办公室索取新的注册码');
  });

  it('speaks English in the English UI', () => {
    setLocale('en');
    const s = errorSentence({ code: 'not_a_record', message: 'notes.txt: unable to parse chunk: Invalid magic bytes' });
    expect(s.text).toBe('This file is not a signed record (.onsite file): choose the .onsite file the engineer exported.');
    expect(s.detail).toBe('not_a_record: notes.txt: unable to parse chunk: Invalid magic bytes');
  });

  it('never shows a raw message, even for a code it does not know or a thrown string', () => {
    setLocale('zh-CN');
    expect(errorSentence({ code: 'no_such_code', message: 'boom' }).text).toBe('出现了意外错误：请重试，如仍出错请联系技术支持');
    const s = errorSentence('TypeError: x is undefined');
    expect(s.text).not.toContain('TypeError');
    expect(s.detail).toContain('TypeError');
  });
});
