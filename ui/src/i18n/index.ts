/** vue-i18n setup: zh-CN by default, English switchable. */
import { createI18n } from 'vue-i18n';
import zhCN from './zh-CN';
import en from './en';
import type { Language } from '../types';

export const messages = { 'zh-CN': zhCN, en };
export const LANGUAGES: Language[] = ['zh-CN', 'en'];

export const i18n = createI18n({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages,
});

export function setLocale(lang: Language) {
  i18n.global.locale.value = lang;
  document.documentElement.lang = lang;
}
