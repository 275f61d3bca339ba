/**
 * The one module that talks to the Rust side. Every command in
 * docs/ipc.md has one function here; errors `{code, message}` become
 * `ApiError`.
 */
import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type {
  Action, CalendarImport, CompanySettingsView, CustomerEdit, CustomerFilter, CustomerPage, CustomerView, Draft, ErrorCode, Engineer, Language,
  NewCustomer, NewWorkOrder, PathResult, ServicePatch, Session, Settings, SettingsInput, SignInput, StockItem, SyncStatus, WoFilter,
  WoListItem, WoPage, WorkOrderView,
} from './types';
import type {
  ComplaintFilter, ComplaintPage, ComplaintView, MonthlyReport, NewComplaint, StepInput,
} from './types';
import type { DispatchBoard, OrderPatch, OrderSearch } from './types';
import type { NewPart, OutstandingRow, PartEdit, PartView, PickupListRow, Warehouse } from './types';
import type {
  DueFilter, DuePage, FollowUpFilter, FollowUpItem, FollowUpPage, NewSurvey, PlanVisit, RecordFollowUp, Survey,
} from './types';
import type { ContractEdit, ContractRow, ContractState, ContractView, LoanerRow, NewContract, PlanResult } from './types';
import type { Drill, Lang, PeriodSpec, Report, StatsExport, StatsOrders } from './types';
import type { DocHistory } from './types';
import type { PhotoKind } from './types';

/** A refused command, as the Rust side's `ApiError` serialises (`code` is one of core's `ErrorCode`s). */
export class ApiError extends Error {
  constructor(public code: ErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Turn whatever a rejected `invoke` gives into an `ApiError`. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e && typeof e === 'object' && 'code' in e) {
    const o = e as { code: unknown; message?: unknown };
    return new ApiError(String(o.code) as ErrorCode, String(o.message ?? ''));
  }
  if (typeof e === 'string') return new ApiError('internal', e);
  if (e instanceof Error) return new ApiError('internal', e.message);
  return new ApiError('internal', String(e));
}

/**
 * The `photo` command's answer as bytes: Tauri hands a raw `ipc::Response` over as an
 * `ArrayBuffer`; a JSON byte array (an older shell, the browser tests) is accepted too.
 */
export function photoBytes(r: unknown): ArrayBuffer | null {
  if (r === null || r === undefined) return null;
  // An empty answer: neither the device nor the server has it.
  if (r instanceof ArrayBuffer) return r.byteLength > 0 ? r : null;
  if (ArrayBuffer.isView(r)) return new Uint8Array(r.buffer, r.byteOffset, r.byteLength).slice().buffer;
  if (Array.isArray(r)) return Uint8Array.from(r as number[]).buffer;
  return null;
}

/**
 * Bytes as one standard base64 string, by the webview's own encoder (a
 * FileReader's `data:` URL). A photo or an imported record crosses IPC so: a string a third larger
 * than the file, where a JSON array of numbers is about four times as large
 * and millions of values to parse (Tauri sends every argument as JSON on
 * Android, whatever the type).
 */
export function base64Of(bytes: Uint8Array): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(new Blob([bytes as Uint8Array<ArrayBuffer>]));
  });
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toApiError(e);
  }
}

export const api = {
  session: () => call<Session>('session'),

  /** One page (`limit`, default 50, from `offset`) and the number of all matches. */
  listWorkOrders: (filter: WoFilter = {}) => call<WoPage>('list_work_orders', { filter }),
  getWorkOrder: (id: string) => call<WorkOrderView>('get_work_order', { id }),
  act: (id: string, action: Action) => call<WorkOrderView>('act', { id, action }),
  assign: (id: string, engineer: string) => call<WorkOrderView>('assign', { id, engineer }),
  /** The order's details after creation (office; refused once signed). */
  updateOrder: (id: string, patch: OrderPatch) => call<WorkOrderView>('update_order', { id, patch }),
  updateService: (id: string, patch: ServicePatch) => call<WorkOrderView>('update_service', { id, patch }),
  addNote: (id: string, text: string) => call<WorkOrderView>('add_note', { id, text }),
  setChargeOverride: (id: string, amountFen: number, reason: string) =>
    call<WorkOrderView>('set_charge_override', { id, amountFen, reason }),
  pickupParts: (workOrderId: string, partId: string, qty: number, serials: string[], warehouse?: string) =>
    call<WorkOrderView>('pickup_parts', { workOrderId, partId, qty, serials, warehouse: warehouse ?? null }),
  markPart: (pickupId: string, used: number, returned: number) =>
    call<WorkOrderView>('mark_part', { pickupId, used, returned }),
  sign: (id: string, input: SignInput) => call<WorkOrderView>('sign', { id, input }),

  /** Stock per part and warehouse; `warehouse` (a code) for one warehouse only. Retired parts last. */
  listStock: (warehouse: string | null = null) => call<StockItem[]>('list_stock', { warehouse }),
  /** The configured warehouses, in the settings' order. */
  listWarehouses: () => call<Warehouse[]>('list_warehouses'),
  /** The catalogue (office, storekeeper): a new part, counters at 0 in every warehouse. */
  addPart: (part: NewPart) => call<PartView>('add_part', { part }),
  editPart: (partId: string, edit: PartEdit) => call<PartView>('edit_part', { partId, edit }),
  /** Goods received 入库 into a warehouse (qty ≥ 1). */
  receiveGoods: (partId: string, warehouse: string, qty: number, reason: string) =>
    call<PartView>('receive_goods', { partId, warehouse, qty, reason }),
  /** A stocktake 盘点: the counted quantity sets the counter (the move records the difference). */
  stocktake: (partId: string, warehouse: string, counted: number, reason: string) =>
    call<PartView>('stocktake', { partId, warehouse, counted, reason }),
  /** A part with its stock per warehouse and its movements, newest first. */
  partView: (partId: string) => call<PartView>('part_view', { partId }),
  /** Pickups and returns awaiting the storekeeper's confirmation, or disputed (oldest first). */
  awaitingConfirmation: () => call<PickupListRow[]>('awaiting_confirmation'),
  confirmPickup: (pickupId: string, counted: number) => call<PickupListRow>('confirm_pickup', { pickupId, counted }),
  confirmReturn: (pickupId: string, counted: number) => call<PickupListRow>('confirm_return', { pickupId, counted }),
  /** Parts picked and neither used nor returned, by engineer then oldest (an engineer: own). */
  outstandingParts: () => call<OutstandingRow[]>('outstanding_parts'),
  listToFile: () => call<WoListItem[]>('list_to_file'),
  /** Asks where to save (desktop); `null` when the user cancelled the dialog. */
  exportSigned: (id: string) => call<PathResult | null>('export_signed', { id }),
  importSigned: async (name: string, bytes: Uint8Array) =>
    call<WorkOrderView>('import_signed', { name, data: await base64Of(bytes) }),
  /**
   * Asks where to save (desktop); `null` when the user cancelled the dialog.
   * `audit` (office): the order's full history is appended as an audit page.
   */
  exportPdf: (id: string, audit = false) => call<PathResult | null>('export_pdf', { id, audit }),

  createWorkOrder: (input: NewWorkOrder) => call<WorkOrderView>('create_work_order', { input }),
  /** One page of customers (`limit`, default 50, from `offset`) by organisation, and the number of all matches. */
  listCustomers: (filter: CustomerFilter = {}) => call<CustomerPage>('list_customers', { filter }),
  getCustomer: (id: string) => call<CustomerView>('get_customer', { id }),
  createCustomer: (input: NewCustomer) => call<CustomerView>('create_customer', { input }),
  /** One edit: the details, a site, a contact or an instrument. */
  editCustomer: (id: string, edit: CustomerEdit) => call<CustomerView>('edit_customer', { id, edit }),
  listEngineers: () => call<Engineer[]>('list_engineers'),
  /** The phone desk: unassigned open orders first, then each engineer's load and most urgent clock. */
  dispatchBoard: () => call<DispatchBoard>('dispatch_board'),
  /** One page of the orders a search finds (newest call first; closed and cancelled too). */
  searchOrders: (search: OrderSearch = {}) => call<WoPage>('search_orders', { search }),
  /** Technical experts (the same shape as engineers: login and display name). */
  listExperts: () => call<Engineer[]>('list_experts'),
  askExpert: (id: string, expert: string) => call<WorkOrderView>('ask_expert', { id, expert }),

  syncStatus: () => call<SyncStatus>('sync_status'),
  syncNow: () => call<SyncStatus>('sync_now'),
  uiReady: (rows: number) => call<void>('ui_ready', { rows }),

  /** Drafts of forms, kept on this device for the signed-in user (useDraft.ts). */
  saveDraft: (key: string, value: string) => call<void>('save_draft', { key, value }),
  loadDraft: (key: string) => call<Draft | null>('load_draft', { key }),
  discardDraft: (key: string) => call<void>('discard_draft', { key }),
  listDrafts: () => call<Draft[]>('list_drafts'),

  /** The company settings (synced document `settings:company`); the office changes them. */
  companySettings: () => call<CompanySettingsView>('company_settings'),
  saveCompanySettings: (input: SettingsInput) => call<CompanySettingsView>('save_company_settings', { input }),
  /** A refused file is not an error: `problem` names the entry and nothing changed. */
  importCalendar: (text: string) => call<CalendarImport>('import_calendar', { text }),
  removeCalendarYear: (year: number) => call<CompanySettingsView>('remove_calendar_year', { year }),

  /** The office's follow-ups 回访 (open: oldest first; recorded: newest first), a page at a time. */
  listFollowUps: (filter: Partial<FollowUpFilter> = {}) => call<FollowUpPage>('list_follow_ups', { filter }),
  recordFollowUp: (id: string, input: RecordFollowUp) => call<FollowUpItem>('record_follow_up', { id, input }),
  /** A visit to a customer on a day: an open follow-up on site. */
  planVisit: (input: PlanVisit) => call<FollowUpItem>('plan_visit', { input }),
  /** Customers whose yearly satisfaction survey is due (never surveyed first). */
  listSurveysDue: (filter: Partial<DueFilter> = {}) => call<DuePage>('list_surveys_due', { filter }),
  recordSurvey: (input: NewSurvey) => call<Survey>('record_survey', { input }),
  /** Key customers whose yearly visit is due, with the visit planned for each. */
  listVisitsDue: (filter: Partial<DueFilter> = {}) => call<DuePage>('list_visits_due', { filter }),
  /** Complaints (the office's): a page by stage and age, one complaint, its steps, closing. */
  listComplaints: (filter: ComplaintFilter = {}) => call<ComplaintPage>('list_complaints', { filter }),
  getComplaint: (id: string) => call<ComplaintView>('get_complaint', { id }),
  createComplaint: (input: NewComplaint) => call<ComplaintView>('create_complaint', { input }),
  addComplaintStep: (id: string, input: StepInput) => call<ComplaintView>('add_complaint_step', { id, input }),
  findComplaintNotOurs: (id: string, explanation: string) => call<ComplaintView>('find_complaint_not_ours', { id, explanation }),
  closeComplaint: (id: string) => call<ComplaintView>('close_complaint', { id }),
  /** The report of a month; both null: the previous month in the company's zone. */
  complaintReport: (year: number | null = null, month: number | null = null) =>
    call<MonthlyReport>('complaint_report', { year, month }),
  submitComplaintReport: (year: number, month: number) => call<MonthlyReport>('submit_complaint_report', { year, month }),
  /** Asks where to save (desktop); `null` when the user cancelled the dialog. */
  exportComplaintReportPdf: (year: number, month: number) => call<PathResult | null>('export_complaint_report_pdf', { year, month }),
  exportComplaintReportCsv: (year: number, month: number) => call<PathResult | null>('export_complaint_report_csv', { year, month }),

  /** Maintenance contracts 维护合约 (office): the list by state and/or customer, one contract with its planned visits. */
  listContracts: (state: ContractState | null = null, customerId: string | null = null) =>
    call<ContractRow[]>('list_contracts', { state, customerId }),
  getContract: (id: string) => call<ContractView>('get_contract', { id }),
  createContract: (contract: NewContract) => call<ContractView>('create_contract', { contract }),
  /** Only the changed fields; an earlier end cancels its not-started planned visits after it. */
  editContract: (id: string, edit: ContractEdit) => call<ContractView>('edit_contract', { id, edit }),
  /** Creates the coming period's planned visits of every contract (office; idempotent). */
  planVisits: () => call<PlanResult>('plan_visits'),
  /** Ticks (or unticks) item `index` of a planned visit's checklist; refused once signed. */
  tickCheckItem: (workOrderId: string, index: number, done: boolean) =>
    call<WorkOrderView>('tick_check_item', { workOrderId, index, done }),
  /** Loaner equipment 备用机 (office): a unit of the pool to the order's customer; `issuedAt` null: now. */
  issueLoaner: (workOrderId: string, serial: string, issuedAt: string | null = null) =>
    call<WorkOrderView>('issue_loaner', { workOrderId, serial, issuedAt }),
  returnLoaner: (workOrderId: string, returnedAt: string | null = null) =>
    call<WorkOrderView>('return_loaner', { workOrderId, returnedAt }),
  /** The pool's units with their state; those out first, longest out first. */
  listLoaners: () => call<LoanerRow[]>('list_loaners'),

  /** The office's reports 报表 over a period, every table worded in `lang` (office; others `forbidden`). */
  statsReport: (period: PeriodSpec, lang: Lang) => call<Report>('stats_report', { period, lang }),
  /** The orders (or complaints) behind a figure: at most 500, newest call first, `total` all of them. */
  statsOrders: (period: PeriodSpec, drill: Drill) => call<StatsOrders>('stats_orders', { period, drill }),
  /** One table as CSV, the report as XLSX or the monthly service report as PDF; asks where to save; `null` when cancelled. */
  statsExport: (period: PeriodSpec, lang: Lang, what: StatsExport) => call<PathResult | null>('stats_export', { period, lang, what }),

  /**
   * The field history of any document the user may read (an engineer: own orders), worded in `lang`.
   * `refresh`: first fetch the server's receipts for it when online (never fails for being offline).
   */
  docHistory: (id: string, lang: Lang, refresh: boolean) => call<DocHistory>('doc_history', { id, lang, refresh }),
  /** The history as CSV (office); asks where to save; `null` when cancelled. */
  exportHistoryCsv: (id: string, lang: Lang) => call<PathResult | null>('export_history_csv', { id, lang }),

  /**
   * Photos 照片 on a work order (issue 18): the device scales the image, makes its thumbnail and stores both by their
   * SHA-256; the order records only the metadata. Engineer: own orders; refused once signed.
   */
  addPhoto: async (id: string, bytes: Uint8Array, kind: PhotoKind, caption: string) =>
    call<WorkOrderView>('add_photo', { id, data: await base64Of(bytes), kind, caption }),
  removePhoto: (id: string, hash: string) => call<WorkOrderView>('remove_photo', { id, hash }),
  /** A photo's (or thumbnail's) JPEG bytes, from the device or else the server; `null` when neither has it (or offline). */
  photo: async (hash: string): Promise<ArrayBuffer | null> => photoBytes(await call<unknown>('photo', { hash })),

  getSettings: () => call<Settings>('get_settings'),
  enroll: (serverUrl: string, token: string) => call<Settings>('enroll', { serverUrl, token }),
  setLanguage: (language: Language) => call<Settings>('set_language', { language }),
};

/**
 * Events the Rust side emits. `docs://changed` means changes ARRIVED from the
 * server (a sync, or a new display name); a screen's own edits come back as
 * the command's result and send no event.
 */
export const events = {
  onSyncStatus: (f: (s: SyncStatus) => void): Promise<UnlistenFn> =>
    listen<SyncStatus>('sync://status', (e) => f(e.payload)),
  onDocsChanged: (f: () => void): Promise<UnlistenFn> => listen('docs://changed', () => f()),
};
