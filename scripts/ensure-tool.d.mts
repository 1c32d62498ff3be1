/** See ensure-tool.mjs: finds `command`, or installs `aptPackage` with apt-get as root. */
export declare function ensureTool(
  command: string,
  aptPackage?: string,
): { ok: true; installed: boolean } | { ok: false; reason: string }
