/**
 * The failures of the TokenStore port (`TokenStore` in ../types.ts) that connectors with rotating
 * refresh tokens use and that the store's adapter (plugins/dataverse/token-store.ts) raises. Only the
 * StreamOne Ion connector uses a token store today, so the codes keep their ION_ names (codes are
 * stable once shipped).
 */
export const TokenStoreErrorCodes = {
  /** Another worker held the token lease for longer than we wait. Retryable. */
  LeaseBusy: 'ION_TOKEN_LEASE_BUSY',
  /** Our lease expired mid-work, or another worker changed the token state under us. Retryable. */
  StateConflict: 'ION_TOKEN_STATE_CONFLICT',
} as const;

export const TokenStoreFailures = {
  leaseBusy: (waitedInMs: number) =>
    `Another job of this provider held the Ion token lease for ${Math.round(waitedInMs / 1000)} s and did not release it. Try again in a minute.`,
  stateConflict: 'Another job changed the stored Ion Token State while this one was renewing it. Try again.',
} as const;
