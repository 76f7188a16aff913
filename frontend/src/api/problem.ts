/** RFC 9457 problem details as the API returns them, and the error the UI throws for them. */
export interface FieldError {
  loc: (string | number)[];
  msg: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string | null;
  errors?: FieldError[];
  existing_id?: string;
  [key: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  /** Validation errors keyed by the field name (last element of `loc`). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    const list = Array.isArray(this.problem.errors) ? this.problem.errors : [];
    // FastAPI's default 422 uses `detail: [{loc, msg}]`; accept that shape too.
    const detail = (this.problem as { detail?: unknown }).detail;
    const all = Array.isArray(detail) ? [...list, ...(detail as FieldError[])] : list;
    for (const e of all) {
      const loc = e.loc.filter((p) => p !== 'body');
      const key = loc.length > 0 ? loc.map(String).join('.') : '_';
      out[key] ??= e.msg;
    }
    return out;
  }
}

export function toProblem(error: unknown): Problem {
  if (error instanceof ApiError) return error.problem;
  if (error && typeof error === 'object') return error as Problem;
  if (typeof error === 'string') return { detail: error };
  return {};
}

/** One line for the user: the problem's detail, else its first field error (with where),
 * else its title. */
export function problemMessage(error: unknown): string | null {
  const problem = toProblem(error);
  if (typeof problem.detail === 'string' && problem.detail) return problem.detail;
  const first = Array.isArray(problem.errors) ? problem.errors[0] : undefined;
  if (first) {
    const where = first.loc.filter((p) => p !== 'body').join('.');
    return where ? `${where}: ${first.msg}` : first.msg;
  }
  return problem.title ?? (error instanceof Error ? error.message : null);
}

interface SdkResult<T> {
  data?: T;
  error?: unknown;
  response?: Response;
}

/** Turns a generated-SDK result into data, throwing ApiError for problem responses. */
export async function unwrap<T>(call: Promise<SdkResult<T>>): Promise<T> {
  const { data } = await unwrapWithResponse(call);
  return data;
}

export async function unwrapWithResponse<T>(
  call: Promise<SdkResult<T>>,
): Promise<{ data: T; response: Response }> {
  const result = await call;
  const status = result.response?.status ?? 0;
  if (result.error !== undefined || !result.response || !result.response.ok) {
    throw new ApiError(status, toProblem(result.error));
  }
  return { data: result.data as T, response: result.response };
}
