/** Asks for a display name on the first visit; it is remembered in this browser. */
import { type FormEvent, useState } from 'react';

export function NamePrompt({ initial = '', onChosen, onCancel }: { initial?: string; onChosen: (name: string) => void; onCancel?: () => void }) {
  const [name, setName] = useState(initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed) onChosen(trimmed);
  };
  return (
    <div className="modal-backdrop">
      <form className="modal name-prompt" onSubmit={submit} aria-labelledby="name-prompt-title">
        <h2 id="name-prompt-title">请输入您的姓名</h2>
        <p>同事会在报告中看到这个名字和您的光标。</p>
        <input
          name="displayName"
          aria-label="显示名称"
          autoFocus
          maxLength={20}
          placeholder="例如：张三"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <div className="modal-actions">
          {onCancel ? (
            <button type="button" onClick={onCancel}>
              取消
            </button>
          ) : null}
          <button type="submit" className="primary" disabled={name.trim() === ''}>
            {onCancel ? '保存' : '开始'}
          </button>
        </div>
      </form>
    </div>
  );
}
