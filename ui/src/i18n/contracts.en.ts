/** Maintenance contracts, planned visits and loaners (views/Contracts.vue, Contract.vue, Loaners.vue, components/contracts/), English; contracts.zh-CN.ts has the same keys. */
export default {
  nav: { contracts: 'Contracts', loaners: 'Loaners' },
  state: { upcoming: 'Upcoming', active: 'Active', ending_soon: 'Ending soon', ended: 'Ended' },
  parts: { free: 'Parts free', at_cost: 'Parts at cost', at_price: 'Parts at standard price' },
  callPill: 'Contract',
  list: {
    title: 'Maintenance contracts', filter: 'State', all: 'All', new: 'New contract', empty: 'No contracts match', dates: '{from} to {to}',
    nextVisit: 'Next planned visit: {day}', noNextVisit: 'No planned visits', equipment: 'Equipment: {list}',
  },
  form: {
    title: 'New maintenance contract', number: 'Contract number', customer: 'Customer', chooseCustomer: 'Choose a customer', equipment: 'Equipment covered',
    noEquipment: 'This customer has no equipment on file', startsOn: 'Starts on', endsOn: 'Ends on', dayHint: 'as 2026-03-01',
    labour: 'Labour (yuan per hour, 0 = free)', parts: 'Parts', travelFree: 'Travel free', lodgingFree: 'Lodging free',
    interval: 'Planned visit every (months, 0 = none)', create: 'Create contract', created: 'Contract {number} created',
    required: 'Please fill in {field}', badDay: '{field}: write the date as 2026-03-01', badDates: '{field} cannot be before the start',
    badMoney: '{field}: enter an amount in yuan, at most two decimals', badInterval: '{field}: enter a whole number from 0 to 24',
  },
  view: {
    back: '← Contracts', edit: 'Edit contract', save: 'Save changes', saved: 'Contract saved', unchanged: 'Nothing changed',
    confirmShorten: 'End the contract on {day}: planned visits starting after that day that have not started will be cancelled. Continue?',
    cancelledN: '{n} planned visit(s) cancelled',
    terms: 'Terms', labour: 'Labour', labourFree: 'Free', perHour: '{amount} per hour', travel: 'Travel', lodging: 'Lodging', free: 'Free', charged: 'Charged',
    every: 'Planned visits', everyN: 'Every {n} months', noPlan: 'None', visits: 'Planned visits', noVisits: 'No planned visits yet',
    plan: 'Generate planned visits', planned: '{n} planned visit(s) created', plannedNone: 'No planned visits to create', window: '{from} to {to}', unassigned: 'Unassigned',
  },
  planned: { title: 'Planned visit', dueBy: 'Planned visit · due by {date}', window: 'Due between', contract: 'Contract', checklist: 'Checklist', readOnly: 'Signed: the checklist can no longer change', ticked: 'Ticked: {text}', unticked: 'Unticked: {text}' },
  loaner: {
    title: 'Loaner', prompt: 'Issue a loaner', issueTitle: 'Issue a loaner', unit: 'Loaner unit', chooseUnit: 'Choose a unit', noneAvailable: 'No loaner unit is available',
    issuedAt: 'Issued at', issue: 'Record issue', issued: 'Loaner {serial} issued', return: 'Loaner returned', returned: 'Return of loaner {serial} recorded',
    confirmReturn: 'Record that loaner {serial} came back?', model: 'Model', serial: 'Serial no.', issuedOn: 'Issued', returnedOn: 'Returned', notReturned: 'Not returned', none: 'No loaner issued',
  },
  loaners: {
    title: 'Loaners', intro: 'Units out come first, the longest out at the top. The pool is kept in the company settings.', out: 'Out', all: 'All units',
    empty: 'The loaner pool is empty', noneOut: 'No unit is out', daysOut: 'Out {n} days', today: 'Out since today',
    state: { available: 'Available', out: 'Out', retired: 'Retired' },
  },
  pool: {
    title: 'Loaner pool', hint: 'Model and serial number; a unit that is out cannot be removed: retire units no longer lent.', model: 'Model', serial: 'Serial no.',
    add: 'Add a unit', retire: 'Retire', reactivate: 'Reactivate', remove: 'Remove', retired: 'Retired',
  },
  customer: { contract: '{number} · {state}' },
};
