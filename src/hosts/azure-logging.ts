/**
 * Azure Pipelines logging commands, escaped the way azure-pipelines-task-lib escapes them:
 * in messages % CR LF; in property values also ; and ].
 */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%AZP25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(value: string): string {
  return escapeData(value).replace(/;/g, '%3B').replace(/]/g, '%5D');
}

export function loggingCommand(
  name: string,
  properties: Record<string, string>,
  message: string,
): string {
  // task-lib ends every property with ';' (e.g. `##vso[task.complete result=Failed;]`).
  const props = Object.entries(properties)
    .map(([k, v]) => `${k}=${escapeProperty(v)};`)
    .join('');
  return `##vso[${name}${props ? ' ' + props : ''}]${escapeData(message)}`;
}

/** Azure variable names allow letters, digits, '.' and '_': output `ticket-id` becomes `ticket_id`. */
export function azureVariableName(outputName: string): string {
  return outputName.replace(/-/g, '_');
}
