/** The sign-in page: name and password; the server's zh-CN message on failure. */
import { type FormEvent, useState } from 'react';
import { type AccountState, signIn } from '../account.ts';

export function SignInPage({ onSignedIn }: { onSignedIn: (state: AccountState) => void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await signIn(name.trim(), password));
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };
  return (
    <main className="sign-in">
      <form className="sign-in-form" onSubmit={submit}>
        <h1>
          <span className="brand-mark">年报</span> 登录
        </h1>
        <label>
          用户名
          <input name="name" autoComplete="username" value={name} onChange={(e) => setName(e.target.value)} required autoFocus />
        </label>
        <label>
          密码
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {error ? (
          <p className="sign-in-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {busy ? '正在登录……' : '登录'}
        </button>
      </form>
    </main>
  );
}
