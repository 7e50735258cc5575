/** Exit statuses of the forecast CLI. */
export const EXIT_OK = 0;
export const EXIT_DATA_ERROR = 1;
export const EXIT_USAGE_ERROR = 2;

/** The command line itself is wrong (unknown model/option, bad option value): exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The file or its data cannot be used, or the model cannot be fitted: exit status 1. */
export class DataError extends Error {
  override readonly name = 'DataError';
}
