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
import type { Draft } from './bindings/Draft';
import type { SyncPhase as SyncState } from './bindings/SyncPhase';
export type { Draft, SyncState };
import type { PickupRow as PickupListRow } from './bindings/PickupRow';
export type { PickupListRow };
import type { Clock } from './bindings/Clock';
import type { ClockKind } from './bindings/ClockKind';
import type { ClockState } from './bindings/ClockState';
import type { ChargeLine } from './bindings/ChargeLine';
import type { Basis } from './bindings/Basis';
import type { ChargeKind } from './bindings/ChargeKind';
import type { Note } from './bindings/Note';
export type { Clock, ClockKind, ClockState, ChargeLine, Basis, ChargeKind, Note };

/** Integers that ts-rs types as `bigint` arrive from JSON as numbers. */
export type Int = number | bigint;

import type { Role as UserRole } from './bindings/Role';
import type { Settings } from './bindings/Settings';
import type { CompanySettings } from './bindings/CompanySettings';
import type { CompanySettingsView } from './bindings/CompanySettingsView';
import type { CalendarYear } from './bindings/CalendarYear';
import type { CalendarDay } from './bindings/CalendarDay';
import type { CalendarImport } from './bindings/CalendarImport';
import type { CalendarProblem } from './bindings/CalendarProblem';
import type { SettingsInput } from './bindings/SettingsInput';
import type { WoGroup } from './bindings/WoGroup';
import type { WoListItem } from './bindings/WoListItem';
import type { WoPage } from './bindings/WoPage';
import type { FieldConflict } from './bindings/FieldConflict';
import type { WorkOrderView } from './bindings/WorkOrderView';
import type { Customer } from './bindings/Customer';
import type { CustomerView } from './bindings/CustomerView';
import type { CustomerPage } from './bindings/CustomerPage';
import type { CustomerRow as CustomerListItem } from './bindings/CustomerRow';
import type { CustomerEdit } from './bindings/CustomerEdit';
import type { EquipmentView } from './bindings/EquipmentView';
import type { EquipmentInput } from './bindings/EquipmentInput';
import type { Site } from './bindings/Site';
import type { Contact } from './bindings/Contact';
import type { ContractSummary } from './bindings/ContractSummary';
import type { Engineer } from './bindings/Engineer';
import type { PathResult } from './bindings/PathResult';
import type { ImportResult } from './bindings/ImportResult';
import type { ApiError as ApiErrorData } from './bindings/ApiError';
import type { ErrorCode } from './bindings/ErrorCode';
export type {
  UserRole, Session, Settings, CompanySettings, CompanySettingsView, CalendarYear, CalendarDay, CalendarImport,
  CalendarProblem, SettingsInput, WoGroup, WoListItem, WoPage, FieldConflict, WorkOrderView, Customer, CustomerView,
  CustomerPage, CustomerListItem, CustomerEdit, EquipmentView, EquipmentInput, Site, Contact, ContractSummary,
  Engineer, PathResult, ImportResult, ApiErrorData, ErrorCode,
};
import type { NewCustomer as NewCustomerInput } from './bindings/NewCustomer';
import type { Session } from './bindings/Session';

import type { Complaint } from './bindings/Complaint';
import type { ComplaintClass } from './bindings/ComplaintClass';
import type { ComplaintStep } from './bindings/ComplaintStep';
import type { ComplaintStepKind } from './bindings/ComplaintStepKind';
import type { ComplaintStage } from './bindings/ComplaintStage';
import type { ComplaintView } from './bindings/ComplaintView';
import type { ComplaintListItem } from './bindings/ComplaintListItem';
import type { ComplaintPage } from './bindings/ComplaintPage';
import type { StepInput } from './bindings/StepInput';
import type { MonthlyReport } from './bindings/MonthlyReport';
import type { ReportState } from './bindings/ReportState';
import type { ReportLine } from './bindings/ReportLine';
export type {
  Complaint, ComplaintClass, ComplaintStep, ComplaintStepKind, ComplaintStage, ComplaintView, ComplaintListItem,
  ComplaintPage, StepInput, MonthlyReport, ReportState, ReportLine,
};
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

import type { PickupLine } from './bindings/PickupLine';
/** One picked-part line of a work order (`WorkOrderView.pickups`). */
export type { PickupLine };

// The office's follow-ups, surveys and key-customer visits (core/src/followups).
import type { FollowUp } from './bindings/FollowUp';
import type { FollowUpChannel } from './bindings/FollowUpChannel';
import type { FollowUpOrigin } from './bindings/FollowUpOrigin';
import type { FollowUpOutcome } from './bindings/FollowUpOutcome';
import type { FollowUpRecord } from './bindings/FollowUpRecord';
import type { FollowUpItem } from './bindings/FollowUpItem';
import type { FollowUpPage } from './bindings/FollowUpPage';
import type { FollowUpFilter } from './bindings/FollowUpFilter';
import type { RecordFollowUp } from './bindings/RecordFollowUp';
import type { PlanVisit } from './bindings/PlanVisit';
import type { NewSurvey } from './bindings/NewSurvey';
import type { Survey } from './bindings/Survey';
import type { DueFilter } from './bindings/DueFilter';
import type { DueItem } from './bindings/DueItem';
import type { DuePage } from './bindings/DuePage';
import type { YearlyDue } from './bindings/YearlyDue';
export type {
  FollowUp, FollowUpChannel, FollowUpOrigin, FollowUpOutcome, FollowUpRecord, FollowUpItem, FollowUpPage,
  FollowUpFilter, RecordFollowUp, PlanVisit, NewSurvey, Survey, DueFilter, DueItem, DuePage, YearlyDue,
};

// The phone desk's dispatch view and the order search (core/src/dispatch).
import type { DispatchBoard } from './bindings/DispatchBoard';
import type { EngineerLoad } from './bindings/EngineerLoad';
export type { DispatchBoard, EngineerLoad };
import type { OrderSearch as OrderSearchAll } from './bindings/OrderSearch';
import type { OrderPatch as OrderPatchAll } from './bindings/OrderPatch';
/** Deserialised with `#[serde(default)]`: omitted fields find everything. */
export type OrderSearch = Partial<OrderSearchAll>;
/** `update_order` input: fields left out stay as they are. */
export type OrderPatch = Partial<OrderPatchAll>;

// The parts warehouse (issue 14): the catalogue, stock per warehouse, movements, confirmations.
import type { Warehouse } from './bindings/Warehouse';
import type { NewPart } from './bindings/NewPart';
import type { StockMove } from './bindings/StockMove';
import type { MoveKind } from './bindings/MoveKind';
import type { Confirmation } from './bindings/Confirmation';
import type { ConfirmState } from './bindings/ConfirmState';
import type { PartView } from './bindings/PartView';
import type { WarehouseStock } from './bindings/WarehouseStock';
import type { OutstandingRow } from './bindings/OutstandingRow';
import type { Part } from './bindings/Part';
export type {
  Warehouse, NewPart, StockMove, MoveKind, Confirmation, ConfirmState, PartView, WarehouseStock, OutstandingRow, Part,
};
import type { PartEdit as PartEditAll } from './bindings/PartEdit';
/** `edit_part` input: fields left out (or null) stay as they are. */
export type PartEdit = Partial<PartEditAll>;

// Maintenance contracts, planned visits and loaners (issue 15).
import type { Contract } from './bindings/Contract';
import type { ContractParts } from './bindings/ContractParts';
import type { ContractState } from './bindings/ContractState';
import type { ContractRow } from './bindings/ContractRow';
import type { ContractView } from './bindings/ContractView';
import type { NewContract } from './bindings/NewContract';
import type { PlannedVisitRow } from './bindings/PlannedVisitRow';
import type { PlannedVisit } from './bindings/PlannedVisit';
import type { PlanResult } from './bindings/PlanResult';
import type { CheckItem } from './bindings/CheckItem';
import type { Loaner } from './bindings/Loaner';
import type { LoanerUnit } from './bindings/LoanerUnit';
import type { LoanerState } from './bindings/LoanerState';
import type { LoanerRow } from './bindings/LoanerRow';
export type {
  Contract, ContractParts, ContractState, ContractRow, ContractView, NewContract, PlannedVisitRow, PlannedVisit,
  PlanResult, CheckItem, Loaner, LoanerUnit, LoanerState, LoanerRow,
};
import type { ContractEdit as ContractEditAll } from './bindings/ContractEdit';
/** `edit_contract` input: only the changed fields are sent (absent: unchanged). */
export type ContractEdit = Partial<ContractEditAll>;

// The office's reports 报表 (issue 16; core/src/stats/model.rs).
import type { PeriodSpec } from './bindings/PeriodSpec';
import type { Lang } from './bindings/Lang';
import type { StatClock } from './bindings/StatClock';
import type { ClockOutcome } from './bindings/ClockOutcome';
import type { FilingOutcome } from './bindings/FilingOutcome';
import type { Drill } from './bindings/Drill';
import type { Cell } from './bindings/Cell';
import type { Column } from './bindings/Column';
import type { Row } from './bindings/Row';
import type { ChartSpec } from './bindings/ChartSpec';
import type { ChartKind } from './bindings/ChartKind';
import type { Table } from './bindings/Table';
import type { Report } from './bindings/Report';
import type { StatsOrders } from './bindings/StatsOrders';
import type { StatsExport } from './bindings/StatsExport';
import type { WoRow } from './bindings/WoRow';
import type { ComplaintRow } from './bindings/ComplaintRow';
export type {
  PeriodSpec, Lang, StatClock, ClockOutcome, FilingOutcome, Drill, Cell, Column, Row, ChartSpec, ChartKind, Table,
  Report, StatsOrders, StatsExport, WoRow, ComplaintRow,
};

// The history of a document (issue 17; core/src/history/model.rs).
import type { DocHistory } from './bindings/DocHistory';
import type { HistoryRow } from './bindings/HistoryRow';
import type { HistoryWho } from './bindings/HistoryWho';
import type { HistoryOp } from './bindings/HistoryOp';
import type { Via } from './bindings/Via';
import type { ActorSource } from './bindings/ActorSource';
import type { Photo } from './bindings/Photo';
import type { PhotoKind } from './bindings/PhotoKind';
export type { DocHistory, HistoryRow, HistoryWho, HistoryOp, Via, ActorSource, Photo, PhotoKind };
