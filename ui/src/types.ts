/**
 * The data types the UI works with.
 *
 * Every type that crosses IPC is generated from Rust by ts-rs
 * (`src/bindings/`, written by `make bindings`, i.e.
 * `cargo test -p onsite-core --lib export_bindings`) and only re-exported
 * here, sometimes under the UI's name. Never write such a type by hand:
 * change the Rust type in core and regenerate. What is defined here is
 * UI-only (aliases, `Partial<…>` of inputs).
 */
import type { Action } from './bindings/Action';
import type { Charges } from './bindings/Charges';
import type { FilingDue } from './bindings/FilingDue';
import type { PickedLine } from './bindings/PickedLine';
import type { Priority } from './bindings/Priority';
import type { SignatureCheck } from './bindings/SignatureCheck';
import type { SignBlocker } from './bindings/SignBlocker';
import type { SlaReport } from './bindings/SlaReport';
import type { Status } from './bindings/Status';
import type { StockLevel } from './bindings/StockLevel';
import type { Tier } from './bindings/Tier';
import type { WorkOrder } from './bindings/WorkOrder';
import type { NewWorkOrder } from './bindings/NewWorkOrder';
import type { SignInput } from './bindings/SignInput';
import type { ServicePatch as ServicePatchAll } from './bindings/ServicePatch';
import type { WoFilter as WoFilterAll } from './bindings/WoFilter';
import type { CustomerFilter as CustomerFilterAll } from './bindings/CustomerFilter';
import type { SyncStatus } from './bindings/SyncStatus';
import type { StockRow } from './bindings/StockRow';

export type { Action, Charges, FilingDue, PickedLine, Priority, SignatureCheck, SignBlocker, SlaReport, Status, StockLevel, Tier, WorkOrder };
export type { NewWorkOrder, SignInput, SyncStatus };
export type { Draft } from './bindings/Draft';
export type { SyncPhase as SyncState } from './bindings/SyncPhase';
import type { PickupRow as PickupListRow } from './bindings/PickupRow';
export type { PickupListRow };
export type { Clock } from './bindings/Clock';
export type { ClockKind } from './bindings/ClockKind';
export type { ClockState } from './bindings/ClockState';
export type { ChargeLine } from './bindings/ChargeLine';
export type { Basis } from './bindings/Basis';
export type { ChargeKind } from './bindings/ChargeKind';
export type { Note } from './bindings/Note';

/** Integers that ts-rs types as `bigint` arrive from JSON as numbers. */
export type Int = number | bigint;

export type { Role as UserRole } from './bindings/Role';
export type { Session } from './bindings/Session';
export type { Settings } from './bindings/Settings';
export type { CompanySettings } from './bindings/CompanySettings';
export type { CompanySettingsView } from './bindings/CompanySettingsView';
export type { CalendarYear } from './bindings/CalendarYear';
export type { CalendarDay } from './bindings/CalendarDay';
export type { CalendarImport } from './bindings/CalendarImport';
export type { CalendarProblem } from './bindings/CalendarProblem';
export type { SettingsInput } from './bindings/SettingsInput';
export type { WoGroup } from './bindings/WoGroup';
export type { WoListItem } from './bindings/WoListItem';
export type { WoPage } from './bindings/WoPage';
export type { FieldConflict } from './bindings/FieldConflict';
export type { WorkOrderView } from './bindings/WorkOrderView';
export type { Customer } from './bindings/Customer';
export type { CustomerView } from './bindings/CustomerView';
export type { CustomerPage } from './bindings/CustomerPage';
export type { CustomerRow as CustomerListItem } from './bindings/CustomerRow';
export type { CustomerEdit } from './bindings/CustomerEdit';
export type { EquipmentView } from './bindings/EquipmentView';
export type { EquipmentInput } from './bindings/EquipmentInput';
export type { Site } from './bindings/Site';
export type { Contact } from './bindings/Contact';
export type { ContractSummary } from './bindings/ContractSummary';
export type { Engineer } from './bindings/Engineer';
export type { PathResult } from './bindings/PathResult';
export type { ImportResult } from './bindings/ImportResult';
export type { ApiError as ApiErrorData } from './bindings/ApiError';
export type { ErrorCode } from './bindings/ErrorCode';
import type { NewCustomer as NewCustomerInput } from './bindings/NewCustomer';
import type { Session } from './bindings/Session';

export type { Complaint } from './bindings/Complaint';
export type { ComplaintClass } from './bindings/ComplaintClass';
export type { ComplaintStep } from './bindings/ComplaintStep';
export type { ComplaintStepKind } from './bindings/ComplaintStepKind';
export type { ComplaintStage } from './bindings/ComplaintStage';
export type { ComplaintView } from './bindings/ComplaintView';
export type { ComplaintListItem } from './bindings/ComplaintListItem';
export type { ComplaintPage } from './bindings/ComplaintPage';
export type { StepInput } from './bindings/StepInput';
export type { MonthlyReport } from './bindings/MonthlyReport';
export type { ReportState } from './bindings/ReportState';
export type { ReportLine } from './bindings/ReportLine';
import type { NewComplaint as NewComplaintAll } from './bindings/NewComplaint';
import type { ComplaintFilter as ComplaintFilterAll } from './bindings/ComplaintFilter';

/** `create_complaint` input: fields left out default on the Rust side. */
export type NewComplaint = Partial<NewComplaintAll> & Pick<NewComplaintAll, 'class' | 'details'>;
/** Deserialised with `#[serde(default)]`: omitted fields keep their default. */
export type ComplaintFilter = Partial<ComplaintFilterAll>;

/** The UI language (what `Session.language` / `Settings.language` hold). */
export type Language = Session['language'];

/** `create_customer` input: fields left out default on the Rust side. */
export type NewCustomer = Partial<NewCustomerInput> & Pick<NewCustomerInput, 'org'>;

/** Inputs deserialise with `#[serde(default)]`: omitted fields keep their value. */
export type WoFilter = Partial<WoFilterAll>;
export type CustomerFilter = Partial<CustomerFilterAll>;
export type ServicePatch = Partial<ServicePatchAll>;
/** One part's stock in one warehouse (the projection's row). */
export type StockItem = StockRow;

/** One picked-part line of a work order (`WorkOrderView.pickups`). */
export type { PickupLine } from './bindings/PickupLine';

// The office's follow-ups, surveys and key-customer visits (core/src/followups).
export type { FollowUp } from './bindings/FollowUp';
export type { FollowUpChannel } from './bindings/FollowUpChannel';
export type { FollowUpOrigin } from './bindings/FollowUpOrigin';
export type { FollowUpOutcome } from './bindings/FollowUpOutcome';
export type { FollowUpRecord } from './bindings/FollowUpRecord';
export type { FollowUpItem } from './bindings/FollowUpItem';
export type { FollowUpPage } from './bindings/FollowUpPage';
export type { FollowUpFilter } from './bindings/FollowUpFilter';
export type { RecordFollowUp } from './bindings/RecordFollowUp';
export type { PlanVisit } from './bindings/PlanVisit';
export type { NewSurvey } from './bindings/NewSurvey';
export type { Survey } from './bindings/Survey';
export type { DueFilter } from './bindings/DueFilter';
export type { DueItem } from './bindings/DueItem';
export type { DuePage } from './bindings/DuePage';
export type { YearlyDue } from './bindings/YearlyDue';

// The phone desk's dispatch view and the order search (core/src/dispatch).
export type { DispatchBoard } from './bindings/DispatchBoard';
export type { EngineerLoad } from './bindings/EngineerLoad';
import type { OrderSearch as OrderSearchAll } from './bindings/OrderSearch';
import type { OrderPatch as OrderPatchAll } from './bindings/OrderPatch';
/** Deserialised with `#[serde(default)]`: omitted fields find everything. */
export type OrderSearch = Partial<OrderSearchAll>;
/** `update_order` input: fields left out stay as they are. */
export type OrderPatch = Partial<OrderPatchAll>;

// The parts warehouse (issue 14): the catalogue, stock per warehouse, movements, confirmations.
export type { Warehouse } from './bindings/Warehouse';
export type { NewPart } from './bindings/NewPart';
export type { StockMove } from './bindings/StockMove';
export type { MoveKind } from './bindings/MoveKind';
export type { Confirmation } from './bindings/Confirmation';
export type { ConfirmState } from './bindings/ConfirmState';
export type { PartView } from './bindings/PartView';
export type { WarehouseStock } from './bindings/WarehouseStock';
export type { OutstandingRow } from './bindings/OutstandingRow';
export type { Part } from './bindings/Part';
import type { PartEdit as PartEditAll } from './bindings/PartEdit';
/** `edit_part` input: fields left out (or null) stay as they are. */
export type PartEdit = Partial<PartEditAll>;

// Maintenance contracts, planned visits and loaners (issue 15).
export type { Contract } from './bindings/Contract';
export type { ContractParts } from './bindings/ContractParts';
export type { ContractState } from './bindings/ContractState';
export type { ContractRow } from './bindings/ContractRow';
export type { ContractView } from './bindings/ContractView';
export type { NewContract } from './bindings/NewContract';
export type { PlannedVisitRow } from './bindings/PlannedVisitRow';
export type { PlannedVisit } from './bindings/PlannedVisit';
export type { PlanResult } from './bindings/PlanResult';
export type { CheckItem } from './bindings/CheckItem';
export type { Loaner } from './bindings/Loaner';
export type { LoanerUnit } from './bindings/LoanerUnit';
export type { LoanerState } from './bindings/LoanerState';
export type { LoanerRow } from './bindings/LoanerRow';
import type { ContractEdit as ContractEditAll } from './bindings/ContractEdit';
/** `edit_contract` input: only the changed fields are sent (absent: unchanged). */
export type ContractEdit = Partial<ContractEditAll>;

// The office's reports 报表 (issue 16; core/src/stats/model.rs).
export type { PeriodSpec } from './bindings/PeriodSpec';
export type { Lang } from './bindings/Lang';
export type { StatClock } from './bindings/StatClock';
export type { ClockOutcome } from './bindings/ClockOutcome';
export type { FilingOutcome } from './bindings/FilingOutcome';
export type { Drill } from './bindings/Drill';
export type { Cell } from './bindings/Cell';
export type { Column } from './bindings/Column';
export type { Row } from './bindings/Row';
export type { ChartSpec } from './bindings/ChartSpec';
export type { ChartKind } from './bindings/ChartKind';
export type { Table } from './bindings/Table';
export type { Report } from './bindings/Report';
export type { StatsOrders } from './bindings/StatsOrders';
export type { StatsExport } from './bindings/StatsExport';
export type { WoRow } from './bindings/WoRow';
export type { ComplaintRow } from './bindings/ComplaintRow';

// The history of a document (issue 17; core/src/history/model.rs).
export type { DocHistory } from './bindings/DocHistory';
export type { HistoryRow } from './bindings/HistoryRow';
export type { HistoryWho } from './bindings/HistoryWho';
export type { HistoryOp } from './bindings/HistoryOp';
export type { Via } from './bindings/Via';
export type { ActorSource } from './bindings/ActorSource';
export type { Photo } from './bindings/Photo';
export type { PhotoKind } from './bindings/PhotoKind';
