/** The parts warehouse's screens (views/Stock.vue, Part.vue, Confirmations.vue, Outstanding.vue), Simplified Chinese; warehouse.en.ts has the same keys. */
export default {
  nav: { stock: '库存', confirm: '待确认', outstanding: '未归还' },
  stock: {
    title: '库存', warehouse: '仓库', all: '全部仓库', unit: '单位', retired: '停用', open: '打开', empty: '没有备件',
    add: '新增备件', addTitle: '新增备件', partNo: '料号', name: '名称', unitCost: '成本价（元）', standardPrice: '标准价（元）',
    lowThreshold: '低库存提醒数量', submit: '添加', added: '已添加备件 {no}', badMoney: '{field}：请填写金额（元），最多两位小数',
    badCount: '{field}：请填写 0 或正整数', required: '请填写{field}',
  },
  part: {
    back: '← 库存', stock: '各仓库存', edit: '修改资料', save: '保存资料', saved: '备件资料已保存', retire: '停用此备件', reactivate: '重新启用',
    retired: '已停用', retiredNote: '此备件已停用：不能再领用、入库或盘点。', retiredDone: '已停用 {no}', reactivated: '已重新启用 {no}',
    confirmRetire: '停用 {no}？停用后不能再领用、入库或盘点。', readOnly: '备件资料由备件库和售后服务部维护。',
    receive: '入库', receiveQty: '入库数量', reason: '原因', reasonReceive: '原因（如采购单号）', doReceive: '登记入库', received: '已入库 {qty}{unit}',
    stocktake: '盘点', counted: '盘点数量', reasonStocktake: '原因（必填）', doStocktake: '登记盘点', stocktaken: '盘点已登记：{warehouse} {counted}{unit}',
    needReason: '请填写盘点原因', badQty: '请填写正整数数量', badCounted: '请填写 0 或正整数',
    moves: '出入库记录', noMoves: '还没有出入库记录', when: '时间', who: '经办人', kind: '类型', delta: '数量', why: '原因', link: '关联',
    countedTo: '盘点为 {n}', pickupLink: '领用单',
    moveKind: { received: '入库', stocktake: '盘点', pickup: '领用', return: '退回' },
  },
  confirm: {
    title: '待确认', intro: '工程师的领用和退回，清点实物后确认。数量不符的记为有异议，由双方核对（必要时盘点）。',
    empty: '没有待确认的领用或退回', picked: '领用 {n}', returned: '退回 {n}', counted: '清点数量', pickupDo: '确认领用', returnDo: '确认退回',
    pickupDone: '已确认领用：{no}', returnDone: '已确认退回：{no}', disputed: '领用 {claimed}，清点 {counted}',
    returnDisputed: '退回 {claimed}，清点 {counted}', badCounted: '请填写 0 或正整数', by: '{engineer} · {time}',
  },
  state: { none: '—', awaiting: '待确认', confirmed: '已确认', disputed: '数量有异议' },
  returnState: { none: '未退回', awaiting: '退回待确认', confirmed: '退回已确认', disputed: '退回数量有异议' },
  outstanding: {
    title: '未归还', intro: '已领用、既未用于工单也未退回的备件，按工程师列出，最早领用的在前。', introOwn: '您已领用、既未用于工单也未退回的备件。',
    empty: '没有未归还的备件', count: '未归还 {n}', age: '{n} 天', ageToday: '今天', total: '共 {n} 件',
  },
  parts: { warehouse: '从哪个仓库领用', outstandingLink: '我的未归还备件' },
};
