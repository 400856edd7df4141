// The doctor's whole tool set. Adding a capability is adding one file here, with its own test; what
// no tool offers, the doctor cannot do.
import channelsStart from './channels-start.ts';
import channelsStatus from './channels-status.ts';
import configShow from './config-show.ts';
import configUnset from './config-unset.ts';
import configValidate from './config-validate.ts';
import gatewayRestart from './gateway-restart.ts';
import gatewayStatus from './gateway-status.ts';
import gatewayStopPid from './gateway-stop-pid.ts';
import healthProbe from './health-probe.ts';
import logsSearch from './logs-search.ts';
import logsTail from './logs-tail.ts';
import modelsStatus from './models-status.ts';
import openclawDoctorFix from './openclaw-doctor-fix.ts';
import { SERVER_NAME } from '../gate.ts';
import type { DoctorTool } from './tool.ts';

export const TOOLS: readonly DoctorTool[] = [
  gatewayStatus,
  healthProbe,
  logsTail,
  logsSearch,
  configShow,
  configValidate,
  configUnset,
  openclawDoctorFix,
  gatewayRestart,
  gatewayStopPid,
  channelsStatus,
  channelsStart,
  modelsStatus,
];

export { SERVER_NAME };

export function qualifiedName(name: string): string {
  return `mcp__${SERVER_NAME}__${name}`;
}
