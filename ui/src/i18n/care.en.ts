/** The office's follow-up screen (views/Care.vue), English; same keys as care.zh-CN.ts. */
export default {
  nav: 'Follow-ups & surveys',
  title: 'Follow-ups, satisfaction surveys and key-customer visits',
  intro: 'Call or visit the customer after closing an order; survey every customer\'s satisfaction every {months} months; visit every key customer at least once every {months} months.',
  officeOnly: 'Follow-ups and surveys are the office\'s work.',
  tab: { followups: 'Follow-ups', surveys: 'Yearly surveys', visits: 'Key-customer visits' },
  followups: {
    open: 'To follow up', recorded: 'Followed up', empty: 'No follow-ups waiting', emptyRecorded: 'No follow-ups recorded yet',
    order: 'Order {number}', contact: 'Contact: {contact} {phone}', closedBy: 'Order closed by {name}, {time}', plannedBy: 'Planned by {name}, {time}',
    planned: 'Visit planned for {date}',
  },
  origin: { closed_order: 'After an order', planned_visit: 'Planned visit' },
  channel: { phone: 'By phone', on_site: 'On site' },
  outcome: { fine: 'Fixed, working well', needs_action: 'Still a problem: needs action' },
  age: { today: 'Today', days: 'Waiting {n} day | Waiting {n} days' },
  record: {
    open: 'Record follow-up', title: 'Follow-up record', channel: 'How', outcome: 'Outcome', satisfaction: 'Satisfaction', satisfactionN: '{n} of 5',
    remarks: 'Remarks', at: 'When', save: 'Save follow-up', saved: 'Follow-up of {what} recorded', needSatisfaction: 'Choose the satisfaction',
    needOutcome: 'Choose the outcome', by: 'Recorded by {name}, {time}',
  },
  due: {
    never: { survey: 'Never surveyed', visit: 'Never visited' },
    overdue: 'Overdue by {n} day (due {date}) | Overdue by {n} days (due {date})', today: 'Due today',
    in: 'Due in {n} day ({date}) | Due in {n} days ({date})',
  },
  surveys: {
    intro: 'Customers whose survey is overdue, due today or due within {days} days; never surveyed first.', empty: 'No customer to survey',
    last: 'Last survey: {time}', record: 'Record survey', save: 'Save survey', saved: 'Survey of {org} recorded', at: 'Surveyed on',
  },
  visits: {
    intro: 'Key customers whose visit is overdue, due today or due within {days} days. On-site follow-ups and planned visits count.', empty: 'No key customer to visit',
    last: 'Last visit: {time}', planned: 'Visit planned for {date}', plan: 'Plan a visit', day: 'Day of the visit', save: 'Save the plan',
    saved: 'Visit to {org} planned for {date}: record it under Follow-ups afterwards', key: 'Key customer', needDay: 'Choose the day of the visit',
  },
};
