/** The office's follow-up screen (views/Care.vue), Simplified Chinese; care.en.ts has the same keys. */
export default {
  nav: '回访与调查',
  title: '回访、满意度调查与关键用户走访',
  intro: '关闭工单后电话或上门回访；每位用户每 {months} 个月调查一次满意度；关键用户每 {months} 个月至少走访一次。',
  officeOnly: '回访和满意度调查由售后服务部负责。',
  tab: { followups: '回访', surveys: '年度满意度调查', visits: '关键用户走访' },
  followups: {
    open: '待回访', recorded: '已回访', empty: '没有待回访的任务', emptyRecorded: '还没有回访记录',
    order: '工单 {number}', contact: '联系人：{contact} {phone}', closedBy: '{name} 于 {time} 关闭工单', plannedBy: '{name} 于 {time} 安排',
    planned: '计划 {date} 走访',
  },
  origin: { closed_order: '工单回访', planned_visit: '计划走访' },
  channel: { phone: '电话回访', on_site: '上门回访' },
  outcome: { fine: '问题已解决，运行正常', needs_action: '仍有问题，需要跟进' },
  age: { today: '今天', days: '已等待 {n} 天' },
  record: {
    open: '记录回访', title: '回访记录', channel: '回访方式', outcome: '回访结果', satisfaction: '满意度', satisfactionN: '{n} 分',
    remarks: '备注', at: '回访时间', save: '保存回访记录', saved: '已记录 {what} 的回访', needSatisfaction: '请选择满意度',
    needOutcome: '请选择回访结果', by: '{name} 于 {time} 记录',
  },
  due: {
    never: { survey: '从未调查', visit: '从未走访' },
    overdue: '已逾期 {n} 天（应于 {date}）', today: '今天到期', in: '还剩 {n} 天（{date}）',
  },
  surveys: {
    intro: '以下是调查已逾期、今天到期或 {days} 天内到期的用户，从未调查过的排在最前。', empty: '没有需要调查的用户',
    last: '上次调查：{time}', record: '记录调查', save: '保存调查结果', saved: '已记录 {org} 的满意度调查', at: '调查时间',
  },
  visits: {
    intro: '以下是走访已逾期、今天到期或 {days} 天内到期的关键用户。上门回访和计划走访都计入。', empty: '没有需要走访的关键用户',
    last: '上次走访：{time}', planned: '已计划 {date} 走访', plan: '计划走访', day: '走访日期', save: '保存走访计划',
    saved: '已安排 {date} 走访 {org}：走访后在“回访”中记录', key: '关键用户', needDay: '请选择走访日期',
  },
};
