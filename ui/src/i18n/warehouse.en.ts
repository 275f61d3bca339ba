/** The parts warehouse's screens (views/Stock.vue, Part.vue, Confirmations.vue, Outstanding.vue), English; warehouse.zh-CN.ts has the same keys. */
export default {
  nav: { stock: 'Stock', confirm: 'To confirm', outstanding: 'Not returned' },
  stock: {
    title: 'Stock', warehouse: 'Warehouse', all: 'All warehouses', unit: 'Unit', retired: 'Retired', open: 'Open', empty: 'No parts',
    add: 'Add a part', addTitle: 'New part', partNo: 'Part no.', name: 'Name', unitCost: 'Unit cost (¥)', standardPrice: 'Standard price (¥)',
    lowThreshold: 'Low-stock warning at', submit: 'Add', added: 'Part {no} added', badMoney: '{field}: enter an amount in yuan, at most two decimals',
    badCount: '{field}: enter 0 or a whole number', required: 'Please fill in {field}',
  },
  part: {
    back: '← Stock', stock: 'Stock per warehouse', edit: 'Edit details', save: 'Save details', saved: 'Part details saved', retire: 'Retire this part', reactivate: 'Reactivate',
    retired: 'Retired', retiredNote: 'This part is retired: it can no longer be picked, received or counted.', retiredDone: '{no} retired', reactivated: '{no} reactivated',
    confirmRetire: 'Retire {no}? It can then no longer be picked, received or counted.', readOnly: 'The warehouse and the office keep the parts catalogue.',
    receive: 'Goods received', receiveQty: 'Quantity received', reason: 'Reason', reasonReceive: 'Reason (e.g. purchase order no.)', doReceive: 'Record receipt', received: 'Received {qty} {unit}',
    stocktake: 'Stocktake', counted: 'Counted quantity', reasonStocktake: 'Reason (required)', doStocktake: 'Record stocktake', stocktaken: 'Stocktake recorded: {warehouse} {counted} {unit}',
    needReason: 'Please give the reason for the stocktake', badQty: 'Enter a whole number of at least 1', badCounted: 'Enter 0 or a whole number',
    moves: 'Movements', noMoves: 'No movements yet', when: 'When', who: 'By', kind: 'Kind', delta: 'Qty', why: 'Reason', link: 'For',
    countedTo: 'counted {n}', pickupLink: 'pickup',
    moveKind: { received: 'Received', stocktake: 'Stocktake', pickup: 'Pickup', return: 'Return' },
  },
  confirm: {
    title: 'To confirm', intro: 'Engineers\' pickups and returns: count the parts, then confirm. A different count is disputed until the two sides settle it (with a stocktake if needed).',
    empty: 'Nothing awaits confirmation', picked: '{n} picked', returned: '{n} returned', counted: 'Counted', pickupDo: 'Confirm pickup', returnDo: 'Confirm return',
    pickupDone: 'Pickup confirmed: {no}', returnDone: 'Return confirmed: {no}', disputed: '{claimed} picked, {counted} counted',
    returnDisputed: '{claimed} returned, {counted} counted', badCounted: 'Enter 0 or a whole number', by: '{engineer} · {time}',
  },
  state: { none: '—', awaiting: 'Awaiting confirmation', confirmed: 'Confirmed', disputed: 'Quantity disputed' },
  returnState: { none: 'Nothing returned', awaiting: 'Return awaiting confirmation', confirmed: 'Return confirmed', disputed: 'Return quantity disputed' },
  outstanding: {
    title: 'Not returned', intro: 'Parts picked and neither used on an order nor returned, by engineer, the oldest first.', introOwn: 'Parts you picked and neither used on an order nor returned.',
    empty: 'No parts outstanding', count: '{n} outstanding', age: '{n} days', ageToday: 'today', total: '{n} in all',
  },
  parts: { warehouse: 'Pick from warehouse', outstandingLink: 'My parts not returned' },
};
