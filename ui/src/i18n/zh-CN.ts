/** Simplified Chinese, the default language. The English file must have the same keys. */
import type { ErrorCode } from '../bindings/ErrorCode';
import type { BlockReason } from '../bindings/BlockReason';

const zhCN = {
  app: { kv: '{k}：{v}', title: 'Onsite 现场服务', loading: '加载中…', back: '返回', save: '保存', saved: '已保存', cancel: '取消', confirm: '确认', close: '关闭', none: '无', refresh: '刷新', retry: '重试', yes: '是', no: '否', notBrowserHost: '此界面需要在 Onsite 应用中运行。', unknownError: '出错了' },
  list: { more: '显示更多（已显示 {shown} / 共 {total}）' },
  nav: { orders: '我的工单', board: '工单看板', newOrder: '新建工单', filing: '存档', stock: '备件库存', settings: '设置', menu: '菜单' },
  role: { engineer: '工程师', office: '售后服务部', storekeeper: '备件库', expert: '技术专家' },
  expert: { ask: '请专家指导', choose: '选择技术专家', none: '没有技术专家', asked: '已请 {name} 指导', askedList: '已请：{names}' },
  sync: {
    idle: '已同步', never: '尚未同步', offline: '离线', syncing: '同步中', pending: '{n} 项待同步',
    last: '上次同步 {time}', error: '同步失败', now: '立即同步', notEnrolled: '未注册到服务器',
    retryIn: '{s} 秒后自动重试', retryAt: '{time} 自动重试',
  },
  group: { act_now: '需立即处理', open: '进行中', to_file: '待存档', done: '已完成', empty: '没有工单' },
  status: {
    new: '新建', assigned: '已派工', responded: '已响应', en_route: '在途', on_site: '在现场', awaiting_parts: '等待备件',
    on_hold: '暂停', resolved: '已修复', signed: '已签字', filed: '已存档', closed: '已关闭', cancelled: '已取消',
  },
  action: {
    assign: '派工', respond: '已响应', depart: '出发', arrive: '已到达', await_parts: '等待备件', hold: '暂停',
    resume: '继续', resolve: '已修复', sign: '签字', file: '存档', close: '关闭工单', cancel: '取消工单',
  },
  actionDone: {
    assign: '已派工', respond: '已记录响应时间', depart: '已记录出发时间', arrive: '已记录到达时间', await_parts: '已标记为等待备件',
    hold: '已暂停', resume: '已继续', resolve: '已记录修复时间', sign: '已签字', file: '已存档', close: '工单已关闭', cancel: '工单已取消',
  },
  priority: {
    P1: 'P1 紧急', P2: 'P2 高', P3: 'P3 中', P4: 'P4 低',
    desc: {
      P1: '产品不能工作，影响用户业务',
      P2: '部分功能失效/性能下降，但不致中止业务；或关键站点高层平台的安装问题',
      P3: '运行尚可但出现系统报错；或低层平台的安装问题',
      P4: '改进问题或产品应用问题',
    },
  },
  tier: { in_warranty: '质保期内', extended1: '质保期后2年内', extended2: '质保期后第3年', out_of_warranty: '质保期外', contract: '维护合约' },
  basis: { free: '免费', at_cost: '成本价', at_price: '标准价', standard_rate: '标准费率', contract_rate: '合约费率', charged: '收费' },
  chargeKind: { labour: '人工', part: '备件', travel: '交通', lodging: '住宿' },
  clock: {
    label: '{kind}：{text}', 
    kind: { response: '响应', on_site: '到场', fix: '修复' },
    remaining: '剩余 {d}', dueSoon: '即将到期，剩余 {d}', met: '已按时完成', breached: '已超时 {d}', breachedDone: '超时 {d} 完成',
    loanerPrompt: '修复已超时：请安排备用机',
  },
  duration: {
    lessThanMinute: '不到 1 分钟', minutes: '{n} 分钟', hours: '{n} 小时', hoursMinutes: '{h} 小时 {m} 分钟',
    days: '{n} 天', daysHours: '{d} 天 {h} 小时',
  },
  filing: {
    dueIn: '还剩 {n} 天', dueToday: '今天到期', overdue: '已逾期 {n} 天', filed: '已存档 · 服务器接收于 {time}',
    title: '签字记录存档', intro: '签字后的服务记录须在签字后 5 天内交回售后服务部。联网时自动存档。',
    toFile: '已签字、待存档', filedList: '已存档', empty: '没有待存档的记录',
    export: '导出文件', exported: '已导出到 {path}', exportHint: '长时间离线时，可导出文件，经其他途径交给售后服务部导入。',
    import: '导入签字记录', importFile: '工程师导出的 .onsite 文件', imported: '已导入：{number}。服务器收到后（下次同步）即存档。', pdf: '导出 PDF', pdfDone: 'PDF 已保存到 {path}',
    overdueBoard: '逾期未存档',
  },
  wo: {
    useValue: '采用此值', 
    number: '工单号', customer: '用户单位', site: '现场地址', contact: '联系人', phone: '联系电话',
    equipment: '设备', model: '型号', serial: '序列号', acceptedOn: '验收日期', originalEndUser: '原始最终用户',
    notOriginalEndUser: '非原始最终用户（不享受质保）', tier: '质保类别', fault: '故障描述', reportedAt: '报修时间',
    repairItems: '约定维修项目', estimate: '预估价格', appointment: '预约时间', assignee: '工程师', unassigned: '未派工',
    timeline: '时间节点', respondedAt: '响应', departedAt: '出发', arrivedAt: '到达', resolvedAt: '修复',
    service: '服务记录', workDone: '维修内容', findings: '故障原因 / 检查结果', labourMinutes: '工时（分钟）',
    travel: '交通费（元）', lodging: '住宿费（元）', saveService: '保存服务记录',
    new: '新', notes: '备注与专家意见', addNote: '添加备注', notePlaceholder: '写下备注…', expert: '专家意见', noNotes: '暂无备注',
    conflict: '两台设备同时修改了此字段', conflictField: '字段：{field}', conflictValues: '不同的值：',
    tampered: '签字后已被修改', readOnlySigned: '已签字，服务记录只读。',
    parts: '备件', signOff: '签字确认', openParts: '领用备件', openSign: '去签字',
    history: '状态记录', loaner: '备用机', maintenance: '定期维护', repair: '维修',
    charges: '费用', visitNeeded: '需要上门',
  },
  parts: {
    title: '备件', pickup: '领用备件', part: '备件', qty: '数量', serials: '序列号（逗号或空格分隔）',
    doPickup: '领用', picked: '已领 {n}', used: '已用', returned: '已退', outstanding: '未处理 {n}',
    markUsed: '全部用于此单', markReturned: '全部退回', save: '保存', noPickups: '此工单尚未领用备件',
    stock: '库存', warehouse: '仓库', level: { ok: '充足', low: '库存偏低', negative: '库存为负' },
    negativeWarning: '库存将为负：多台设备同时领用。请联系备件库核对。', lowWarning: '库存偏低',
    blockers: '以下备件尚未标记为已用或已退，不能签字：', choose: '请选择备件', partNo: '料号', name: '名称',
    unitCost: '成本价', standardPrice: '标准价', pickedDone: '已领用 {qty} 件 {name}',
  },
  sign: {
    title: '用户签字确认', record: '服务记录', intro: '请用户阅读以下服务记录，确认无误后签字。',
    chargesTitle: '费用明细', line: '项目', qty: '数量', unit: '单价', amount: '金额', basis: '计费依据', total: '合计',
    override: '调整费用', overrideAmount: '调整后金额（元）', overrideReason: '调整原因（必填）', overridden: '已调整：{reason}',
    matches: '服务内容与约定维修项目一致', opinion: '用户意见', satisfaction: '满意度', satisfactionN: '{n} 分',
    signature: '用户签名', signer: '签字人姓名', clear: '清除', undo: '撤销', submit: '确认签字',
    signed: '已签字', signedBy: '签字人：{signer}，{time}', needSignature: '请在签名框内签名', needSigner: '请填写签字人姓名',
    needSatisfaction: '请选择满意度', needMatches: '请确认服务内容与约定维修项目一致', blocked: '尚不能签字',
    notResolved: '工单修复后才能签字。', padLabel: '签名区域，请用手指或笔签名', partsUsed: '使用的备件', noParts: '未使用备件',
    noWork: '（未填写）', readOnly: '签字后内容只读',
  },
  office: {
    priority: '优先级', 
    newTitle: '新建工单（电话报修）', customerSearch: '查找用户', searchPlaceholder: '单位名称、联系人或电话',
    newCustomer: '新用户', useCustomer: '选择', selected: '已选：{org}', equipmentPick: '选择设备', newEquipment: '其他设备',
    reportedAt: '来电时间', reportedNow: '现在', repairItemsHint: '每行一项', estimateYuan: '预估价格（元）',
    assignTo: '派给工程师', create: '创建工单', created: '已创建工单 {number}', board: '未完成工单看板',
    reassign: '改派', assign: '派工', assigned: '已派给 {name}', signedFiled: '已签字与存档', noResults: '没有找到',
    required: '请填写{field}', customerRequired: '请选择或填写用户', choose: '请选择',
  },
  settings: {
    title: '设置', server: '服务器地址', token: '注册令牌', enroll: '注册本设备', enrolled: '已注册', notEnrolled: '未注册',
    enrolledOk: '注册成功', language: '语言', user: '用户', role: '角色', device: '设备编号',
  },
  lang: { 'zh-CN': '中文', en: 'English' },
  actions: {
    reason: {
      parts_open: '{count} 件备件未使用或退回', parts_over_counted: '标记为已用或已退的备件比领用的多 {count} 件',
      no_work_done: '请先填写完成的工作',
    } satisfies Record<BlockReason['kind'], string>,
    forEngineer: '代工程师操作', forEngineerOf: '代工程师操作（{name}）',
    confirmForEngineer: '这些是工程师 {name} 的操作。确定要代 {name} 操作吗？', engineerActions: '工程师 {name} 的操作',
    stopForEngineer: '收起工程师的操作',
  },
  drafts: {
    restored: '已恢复未保存的草稿（{time}）', discard: '放弃草稿', discarded: '草稿已放弃', kept: '有未保存的内容，已保存为草稿',
    saving: '草稿已自动保存',
  },
  notes: {
    counter: '{n} / {max}', tooLong: '备注最多 {max} 个字', expand: '展开', collapse: '收起',
  },
  inputs: {
    chooseFile: '选择文件', noFile: '未选择文件', pickDate: '选择日期', pickDateTime: '选择日期和时间',
    select: '确定', cancel: '取消', now: '现在', input: '日期输入框', toggle: '打开日历', menu: '日历', openTime: '选择时间',
    closeTime: '关闭时间选择', nextMonth: '下个月', prevMonth: '上个月', nextYear: '下一年', prevYear: '上一年', clear: '清除',
    calendarIcon: '日历图标', timePicker: '时间选择', years: '选择年份', months: '选择月份',
  },
  signoff: {
    inkShort: '签名太短，请用手指或笔完整签名', needWorkDone: '还没有填写维修内容：请先在维修记录里写明做了什么，才能标记已修复或签字',
    serials: '序列号：{serials}',
  },
  err: {
    illegal_transition: '此工单当前的状态不允许这样操作：请刷新工单后再看',
    forbidden: '你的账号不能执行此操作：如确有需要，请联系办公室',
    not_found: '本机找不到这条记录：它可能还没有同步过来，请稍后再试',
    signed_read_only: '客户已签字，签字的内容不能再修改',
    sign_blocked: '还有领用的备件未标记为已用或已退回：请先在备件页标记，再去签字',
    signature_too_short: '签名太短：请客户用手指或笔完整签名。',
    work_not_recorded: '还没有填写维修内容：请先在服务记录里写明做了什么，再标记已修复或签字。',
    not_signed: '客户尚未签字：签字后才能导出或存档',
    invalid: '输入的内容不正确：请检查后再试',
    not_a_record: '此文件不是有效的签字记录（.onsite 文件）：请选择工程师导出的 .onsite 文件',
    already_exists: '这条记录已经存在，无需重复创建',
    store: '本机数据保存失败：请重启应用，如仍出错请联系技术支持',
    font_missing: '本机缺少中文字体，无法生成 PDF：请安装思源黑体（Noto Sans CJK）后再试',
    io: '无法读取或保存文件：请换一个保存位置，或检查磁盘空间',
    not_enrolled: '本设备尚未注册：请在“设置”中填写服务器地址和办公室给的注册码',
    enroll_failed: '服务器不接受此注册码：请向办公室索取新的注册码',
    bad_server: '这个地址不是 Onsite 同步服务器：请核对服务器地址（向办公室确认）',
    offline: '当前无法连接服务器，数据已保存在本机，恢复网络后会自动同步',
    sync_failed: '同步没有成功：稍后会自动重试，如一直失败请联系办公室',
    internal: '出现了意外错误：请重试，如仍出错请联系技术支持',
  } satisfies Record<ErrorCode, string>,
  /** Error sentences that depend on where the error happened (`errIn.<place>.<code>`), and the error fold. */
  errIn: {
    enroll: { offline: '无法连接到这个服务器：请检查网络和服务器地址后再试' },
  },
  errUi: {
    details: '详情', reasonRequired: '请填写调整金额的原因', amount: '请输入有效的金额（元）',
  },
};

export default zhCN;
export type Messages = typeof zhCN;
