/**
 * Saves `blob` as a file named `filename` through a temporary `<a download>`: client-side, no request.
 *
 * @example
 * downloadBlob(new Blob(['a,b\r\n'], { type: 'text/csv' }), 'mrr.csv');
 */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Let the download start before the URL goes away.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}

/** A file name from a label: lower case, runs of other characters as `-`, `chart` when nothing is left. */
export function fileName(label: string, extension: string): string {
  const base = label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${base || 'chart'}.${extension}`;
}
