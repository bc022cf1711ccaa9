/** The account state for every page, and how to change it (sign in, sign out). */
import { createContext, useContext } from 'react';
import type { AccountState } from './account.ts';

export interface AccountContextValue {
  readonly account: AccountState;
  readonly setAccount: (state: AccountState) => void;
}

export const AccountContext = createContext<AccountContextValue>({ account: { kind: 'disabled' }, setAccount: () => {} });

export function useAccount(): AccountContextValue {
  return useContext(AccountContext);
}
