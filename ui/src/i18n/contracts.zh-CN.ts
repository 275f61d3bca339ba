/** Maintenance contracts, planned visits and loaners (views/Contracts.vue, Contract.vue, Loaners.vue, components/contracts/), 中文; contracts.en.ts has the same keys. */
export default {
  nav: { contracts: '合约', loaners: '备用机' },
  state: { upcoming: '未开始', active: '生效中', ending_soon: '即将到期', ended: '已到期' },
  parts: { free: '配件免费', at_cost: '配件按成本价', at_price: '配件按标准价' },
  callPill: '合约',
  list: {
    title: '维护合约', filter: '状态', all: '全部', new: '新建合约', empty: '没有符合条件的合约', dates: '{from} 至 {to}',
    nextVisit: '下次计划维护：{day}', noNextVisit: '无计划维护', equipment: '设备：{list}',
  },
  form: {
    title: '新建维护合约', number: '合约编号', customer: '客户', chooseCustomer: '请选择客户', equipment: '合约覆盖的设备', noEquipment: '该客户没有登记设备',
    startsOn: '开始日期', endsOn: '结束日期', dayHint: '格式 2026-03-01', labour: '人工费（元/小时，0 为免费）', parts: '配件', travelFree: '差旅费免费',
    lodgingFree: '住宿费免费', interval: '计划维护间隔（月，0 为不安排）', create: '创建合约', created: '合约 {number} 已创建',
    required: '请填写{field}', badDay: '{field}：请按 2026-03-01 的格式填写日期', badDates: '{field}不能早于开始日期',
    badMoney: '{field}：请输入元，最多两位小数', badInterval: '{field}：请输入 0 到 24 的整数',
  },
  view: {
    back: '← 维护合约', edit: '修改合约', save: '保存修改', saved: '合约已保存', unchanged: '没有修改',
    confirmShorten: '结束日期提前到 {day}：此日期之后开始、尚未开始执行的计划维护将被取消。继续吗？', cancelledN: '已取消 {n} 个计划维护',
    terms: '合约条款', labour: '人工费', labourFree: '免费', perHour: '{amount}/小时', travel: '差旅费', lodging: '住宿费', free: '免费', charged: '收费',
    every: '计划维护', everyN: '每 {n} 个月', noPlan: '不安排', visits: '计划维护', noVisits: '还没有计划维护',
    plan: '生成计划维护', planned: '已生成 {n} 个计划维护', plannedNone: '没有需要生成的计划维护', window: '{from} 至 {to}', unassigned: '未派工',
  },
  planned: { title: '计划维护', dueBy: '计划维护 · {date} 前完成', window: '应完成期间', contract: '合约', checklist: '检查项目', readOnly: '已签字：检查项目不可再修改', ticked: '已勾选：{text}', unticked: '已取消勾选：{text}' },
  loaner: {
    title: '备用机', prompt: '安排备用机', issueTitle: '安排备用机', unit: '备用机', chooseUnit: '请选择备用机', noneAvailable: '没有可用的备用机',
    issuedAt: '借出时间', issue: '记录借出', issued: '备用机 {serial} 已借出', return: '备用机已归还', returned: '已记录备用机 {serial} 归还',
    confirmReturn: '记录备用机 {serial} 已归还？', model: '型号', serial: '序列号', issuedOn: '借出时间', returnedOn: '归还时间', notReturned: '未归还', none: '没有借出备用机',
  },
  loaners: {
    title: '备用机', intro: '借出中的备用机在前，借出最久的在最前。备用机库在“公司设置”中维护。', out: '借出中', all: '全部备用机', empty: '备用机库是空的',
    noneOut: '没有借出的备用机', daysOut: '已借出 {n} 天', today: '今天借出', state: { available: '可用', out: '借出', retired: '停用' },
  },
  pool: {
    title: '备用机库', hint: '型号和序列号；借出中的备用机不能移除，不再使用的请停用。', model: '型号', serial: '序列号', add: '添加备用机',
    retire: '停用', reactivate: '恢复使用', remove: '移除', retired: '已停用',
  },
  customer: { contract: '{number} · {state}' },
};
