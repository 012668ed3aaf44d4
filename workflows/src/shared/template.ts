// Renders `{{path.to.value}}` placeholders from a plain context; pure, so workflows may use it.

export function renderTemplate(template: string, context: unknown): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, path: string) => {
    const value = readPath(context, path);
    return value === undefined || value === null ? '' : String(value);
  });
}

function readPath(context: unknown, path: string): unknown {
  let current: unknown = context;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
