/** Node's own dynamic import (bypasses vitest's module runner). */
export declare const nativeImport: <T = unknown>(url: string) => Promise<T>;
