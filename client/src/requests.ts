import { RequestType, RequestType0 } from 'vscode-languageclient';
import {
  AUDIT_WORKSPACE_REQUEST,
  FIX_ALL_WORKSPACE_REQUEST,
  WORKSPACE_REPORT_REQUEST,
  type AuditWorkspaceParams,
  type AuditWorkspaceResult,
  type FixAllWorkspaceResult,
  type WorkspaceReportParams,
  type WorkspaceReportResult,
} from '../../server/src/lsp/protocol';

/** Typed handles on the server's own requests; the method names and shapes come from the shared protocol. */
export const AuditWorkspaceRequest = new RequestType<AuditWorkspaceParams, AuditWorkspaceResult, void>(AUDIT_WORKSPACE_REQUEST);
export const WorkspaceReportRequest = new RequestType<WorkspaceReportParams, WorkspaceReportResult, void>(WORKSPACE_REPORT_REQUEST);
export const FixAllWorkspaceRequest = new RequestType0<FixAllWorkspaceResult, void>(FIX_ALL_WORKSPACE_REQUEST);
