/** English. Same keys as zh-CN (the type enforces it; a unit test checks no string is empty). */
import type { Messages } from './zh-CN';

const en: Messages = {
  app: { kv: '{k}: {v}', title: 'Onsite field service', loading: 'Loading…', back: 'Back', save: 'Save', saved: 'Saved', cancel: 'Cancel', confirm: 'Confirm', close: 'Close', none: 'None', refresh: 'Refresh', retry: 'Retry', yes: 'Yes', no: 'No', notBrowserHost: 'This screen has to run inside the Onsite app.', unknownError: 'Something went wrong' },
  list: { more: 'Show more ({shown} of {total} shown)' },
  nav: { orders: 'My work orders', board: 'Board', newOrder: 'New work order', filing: 'Filing', stock: 'Parts stock', settings: 'Settings', menu: 'Menu' },
  role: { engineer: 'Engineer', office: 'After-sales office', storekeeper: 'Parts warehouse' },
  sync: {
    idle: 'Synced', never: 'Never synced', offline: 'Offline', syncing: 'Syncing', pending: '{n} change waiting | {n} changes waiting',
    last: 'Last sync {time}', error: 'Sync failed: {error}', now: 'Sync now', notEnrolled: 'Not enrolled with a server',
  },
  group: { act_now: 'Needs action now', open: 'In progress', to_file: 'To file', done: 'Done', empty: 'No work orders' },
  status: {
    new: 'New', assigned: 'Assigned', responded: 'Responded', en_route: 'On the way', on_site: 'On site', awaiting_parts: 'Awaiting parts',
    on_hold: 'On hold', resolved: 'Resolved', signed: 'Signed', filed: 'Filed', closed: 'Closed', cancelled: 'Cancelled',
  },
  action: {
    assign: 'Assign', respond: 'Responded', depart: 'Departed', arrive: 'Arrived', await_parts: 'Awaiting parts', hold: 'Hold',
    resume: 'Resume', resolve: 'Resolved', sign: 'Sign', file: 'File', close: 'Close order', cancel: 'Cancel order',
  },
  actionDone: {
    assign: 'Assigned', respond: 'Response time recorded', depart: 'Departure recorded', arrive: 'Arrival recorded', await_parts: 'Marked as awaiting parts',
    hold: 'Put on hold', resume: 'Resumed', resolve: 'Fix time recorded', sign: 'Signed', file: 'Filed', close: 'Work order closed', cancel: 'Work order cancelled',
  },
  priority: {
    P1: 'P1 Critical', P2: 'P2 High', P3: 'P3 Medium', P4: 'P4 Low',
    desc: {
      P1: 'The product cannot work; the customer\'s business is affected',
      P2: 'Part of its function fails or performance drops, without stopping the business; or an installation problem on a key site\'s high-level platform',
      P3: 'Runs, but reports system errors; or an installation problem on a low-level platform',
      P4: 'An improvement request or a question on use',
    },
  },
  tier: { in_warranty: 'In warranty', extended1: 'Extended (2 years after warranty)', extended2: 'Extended (3rd year after warranty)', out_of_warranty: 'Out of warranty', contract: 'Maintenance contract' },
  basis: { free: 'Free', at_cost: 'At cost', at_price: 'Standard price', standard_rate: 'Standard rate', contract_rate: 'Contract rate', charged: 'Charged' },
  chargeKind: { labour: 'Labour', part: 'Part', travel: 'Travel', lodging: 'Lodging' },
  clock: {
    label: '{kind}: {text}', 
    kind: { response: 'Response', on_site: 'On site', fix: 'Fix' },
    remaining: '{d} left', dueSoon: 'Due soon, {d} left', met: 'Met', breached: '{d} overdue', breachedDone: 'Done {d} late',
    loanerPrompt: 'Fix overdue: issue loaner equipment',
  },
  duration: {
    lessThanMinute: 'under 1 min', minutes: '{n} min', hours: '{n} h', hoursMinutes: '{h} h {m} min',
    days: '{n} d', daysHours: '{d} d {h} h',
  },
  filing: {
    dueIn: 'Due in {n} day | Due in {n} days', dueToday: 'Due today', overdue: 'Overdue by {n} day | Overdue by {n} days', filed: 'Filed · received by the server {time}',
    title: 'Filing signed records', intro: 'A signed service record must reach the after-sales office within 5 days of signing. It is filed automatically when online.',
    toFile: 'Signed, not yet filed', filedList: 'Filed', empty: 'Nothing waiting to be filed',
    export: 'Export file', exported: 'Exported to {path}', exportHint: 'When offline for long, export the file and send it to the office by another route to import.',
    import: 'Import a signed record', importFile: 'The .onsite file an engineer exported', imported: 'Imported and filed: {number}', pdf: 'Export PDF', pdfDone: 'PDF saved to {path}',
    overdueBoard: 'Overdue, not filed',
  },
  wo: {
    useValue: 'Use this value', 
    number: 'Number', customer: 'Customer', site: 'Site address', contact: 'Contact', phone: 'Phone',
    equipment: 'Equipment', model: 'Model', serial: 'Serial number', acceptedOn: 'Acceptance date', originalEndUser: 'Original end user',
    notOriginalEndUser: 'Not the original end user (no warranty)', tier: 'Warranty', fault: 'Fault', reportedAt: 'Reported',
    repairItems: 'Agreed repair items', estimate: 'Estimate', appointment: 'Appointment', assignee: 'Engineer', unassigned: 'Unassigned',
    timeline: 'Timeline', respondedAt: 'Responded', departedAt: 'Departed', arrivedAt: 'Arrived', resolvedAt: 'Resolved',
    service: 'Service record', workDone: 'Work done', findings: 'Findings', labourMinutes: 'Labour (minutes)',
    travel: 'Travel (¥)', lodging: 'Lodging (¥)', saveService: 'Save service record',
    notes: 'Notes and expert advice', addNote: 'Add note', notePlaceholder: 'Write a note…', expert: 'Expert advice', noNotes: 'No notes yet',
    conflict: 'Two devices changed this field at the same time', conflictField: 'Field: {field}', conflictValues: 'Different values:',
    tampered: 'Changed after signing', readOnlySigned: 'Signed: the service record is read-only.',
    parts: 'Parts', signOff: 'Sign-off', openParts: 'Pick up parts', openSign: 'Go to sign-off',
    history: 'History', loaner: 'Loaner', maintenance: 'Preventive maintenance', repair: 'Repair',
    charges: 'Charges', visitNeeded: 'Site visit needed',
  },
  parts: {
    title: 'Parts', pickup: 'Pick up parts', part: 'Part', qty: 'Quantity', serials: 'Serial numbers (comma or space separated)',
    doPickup: 'Pick up', picked: '{n} picked', used: 'Used', returned: 'Returned', outstanding: '{n} outstanding',
    markUsed: 'All used here', markReturned: 'Return all', save: 'Save', noPickups: 'No parts picked up for this order',
    stock: 'Stock', warehouse: 'Warehouse', level: { ok: 'OK', low: 'Low stock', negative: 'Negative stock' },
    negativeWarning: 'Stock would go negative: several devices picked at once. Check with the warehouse.', lowWarning: 'Low stock',
    blockers: 'These parts are neither used nor returned; the order cannot be signed:', choose: 'Choose a part', partNo: 'Part no.', name: 'Name',
    unitCost: 'Unit cost', standardPrice: 'Standard price', pickedDone: 'Picked up {qty} × {name}',
  },
  sign: {
    title: 'Customer sign-off', record: 'Service record', intro: 'Ask the customer to read the service record below and sign when it is right.',
    chargesTitle: 'Charges', line: 'Item', qty: 'Qty', unit: 'Unit', amount: 'Amount', basis: 'Basis', total: 'Total',
    override: 'Adjust charge', overrideAmount: 'New total (¥)', overrideReason: 'Reason (required)', overridden: 'Adjusted: {reason}',
    matches: 'The work matches the agreed repair items', opinion: 'Customer\'s opinion', satisfaction: 'Satisfaction', satisfactionN: '{n} of 5',
    signature: 'Customer signature', signer: 'Signer\'s name', clear: 'Clear', undo: 'Undo', submit: 'Sign',
    signed: 'Signed', signedBy: 'Signed by {signer}, {time}', needSignature: 'Please sign in the box', needSigner: 'Please enter the signer\'s name',
    needSatisfaction: 'Please choose a satisfaction rating', needMatches: 'Please confirm the work matches the agreed repair items', blocked: 'Cannot sign yet',
    notResolved: 'The order can be signed once it is resolved.', padLabel: 'Signature area: sign with a finger or pen', partsUsed: 'Parts used', noParts: 'No parts used',
    noWork: '(not filled in)', readOnly: 'Read-only after signing',
  },
  office: {
    priority: 'Priority', 
    newTitle: 'New work order (phone call)', customerSearch: 'Find customer', searchPlaceholder: 'Organisation, contact or phone',
    newCustomer: 'New customer', useCustomer: 'Select', selected: 'Selected: {org}', equipmentPick: 'Choose equipment', newEquipment: 'Other equipment',
    reportedAt: 'Call time', reportedNow: 'Now', repairItemsHint: 'One item per line', estimateYuan: 'Estimate (¥)',
    assignTo: 'Assign to engineer', create: 'Create work order', created: 'Created work order {number}', board: 'Open work orders',
    reassign: 'Reassign', assign: 'Assign', assigned: 'Assigned to {name}', signedFiled: 'Signed and filed', noResults: 'Nothing found',
    required: 'Please fill in {field}', customerRequired: 'Choose or enter a customer', choose: 'Choose…',
  },
  settings: {
    title: 'Settings', server: 'Server address', token: 'Enrolment token', enroll: 'Enrol this device', enrolled: 'Enrolled', notEnrolled: 'Not enrolled',
    enrolledOk: 'Enrolled', language: 'Language', user: 'User', role: 'Role', device: 'Device',
  },
  lang: { 'zh-CN': '中文', en: 'English' },
  actions: {
    reason: {
      parts_open: 'parts not yet used or returned: {count}', parts_over_counted: 'parts marked used or returned beyond those picked: {count}',
      no_work_done: 'fill in the work done first',
    },
    forEngineer: 'Act for the engineer', forEngineerOf: 'Act for the engineer ({name})',
    confirmForEngineer: 'These are {name}\'s actions as the engineer. Act for {name}?', engineerActions: 'Actions of the engineer {name}',
    stopForEngineer: 'Hide the engineer\'s actions',
  },
  drafts: {
    restored: 'Unsaved draft restored ({time})', discard: 'Discard draft', discarded: 'Draft discarded', kept: 'Unsaved changes kept as a draft',
    saving: 'Draft saved automatically',
  },
  notes: {
    counter: '{n} / {max}', tooLong: 'A note can have at most {max} characters', expand: 'Show all', collapse: 'Show less',
  },
  inputs: {
    chooseFile: 'Choose file', noFile: 'No file chosen', pickDate: 'Pick a date', pickDateTime: 'Pick a date and time',
    select: 'OK', cancel: 'Cancel', now: 'Now', input: 'Date input', toggle: 'Open calendar', menu: 'Calendar', openTime: 'Pick a time',
    closeTime: 'Close the time picker', nextMonth: 'Next month', prevMonth: 'Previous month', nextYear: 'Next year', prevYear: 'Previous year', clear: 'Clear',
    calendarIcon: 'Calendar icon', timePicker: 'Time picker', years: 'Pick a year', months: 'Pick a month',
  },
  signoff: {
    inkShort: 'The signature is too short: please sign in full with a finger or pen', needWorkDone: 'No work done recorded yet: write what was done in the service record before resolving or signing',
    serials: 'Serial numbers: {serials}',
  },
  err: {
    illegal_transition: 'That step is not possible in the order\'s current state', forbidden: 'You are not allowed to do that', not_found: 'Record not found',
    signed_read_only: 'Signed content cannot be changed', sign_blocked: 'Some parts are neither used nor returned; cannot sign', signature_too_short: 'The signature is too short: please sign in full with a finger or pen', work_not_recorded: 'Write the work done in the service record first, then resolve or sign', not_signed: 'The customer has not signed yet',
    invalid: 'Invalid input', already_exists: 'That record already exists', store: 'Local database error', font_missing: 'No Chinese font found: cannot make the PDF',
    io: 'Could not read or write the file', not_enrolled: 'This device is not enrolled', enroll_failed: 'Enrolment failed', offline: 'Offline', sync_failed: 'Sync failed',
    internal: 'Internal error',
  },
};

export default en;
