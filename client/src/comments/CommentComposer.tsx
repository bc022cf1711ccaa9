/**
 * A comment being written: a text area that posts with Ctrl+Enter (or its button) and cancels with
 * Escape, and an @-mention picker of the report's members under it while an `@name` is typed.
 */
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { maxCommentLength, type UserId } from '../../../schema/comments/values.ts';
import { type Mentionable, insertMention, matchingMembers, mentionQueryAt, mentionsIn } from './mentions.ts';

interface Props {
  members: readonly Mentionable[];
  /** Posts; returns whether it was written (the text is kept otherwise). */
  onSubmit: (text: string, mentions: readonly UserId[]) => boolean;
  onCancel?: () => void;
  submitLabel: string;
  placeholder: string;
  initialText?: string;
  /** Mentions already in `initialText` (an edit). */
  initialMentions?: readonly UserId[];
  autoFocus?: boolean;
  /** Accessible name of the text area. */
  label: string;
}

/** How many members the picker lists at once. */
const pickerSize = 8;

export function CommentComposer({ members, onSubmit, onCancel, submitLabel, placeholder, initialText = '', initialMentions = [], autoFocus = false, label }: Props) {
  const [text, setText] = useState(initialText);
  const [picked, setPicked] = useState<ReadonlySet<UserId>>(() => new Set(initialMentions));
  const [caret, setCaret] = useState(initialText.length);
  const [choice, setChoice] = useState(0);
  const [pickerClosed, setPickerClosed] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const pendingCaret = useRef<number | null>(null);
  const pickerId = useId();

  useEffect(() => {
    if (autoFocus) area.current?.focus({ preventScroll: true });
  }, [autoFocus]);
  useEffect(() => {
    if (pendingCaret.current === null || !area.current) return;
    area.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  }, [text]);

  const query = pickerClosed ? null : mentionQueryAt(text, caret);
  const candidates = query ? matchingMembers(members, query.query).slice(0, pickerSize) : [];
  const pickerOpen = query !== null && candidates.length > 0;
  const trimmed = text.trim();

  const pick = (member: Mentionable) => {
    if (!query) return;
    const next = insertMention(text, query.at, query.query, member);
    pendingCaret.current = next.caret;
    setText(next.text);
    setCaret(next.caret);
    setPicked(new Set([...picked, member.id]));
    setChoice(0);
    area.current?.focus();
  };

  const submit = () => {
    if (trimmed === '' || trimmed.length > maxCommentLength) return;
    if (onSubmit(trimmed, mentionsIn(trimmed, members, picked))) {
      setText('');
      setPicked(new Set());
      setCaret(0);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (pickerOpen && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      setChoice((c) => (c + (event.key === 'ArrowDown' ? 1 : candidates.length - 1)) % candidates.length);
      return;
    }
    if (pickerOpen && (event.key === 'Enter' || event.key === 'Tab') && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      pick(candidates[Math.min(choice, candidates.length - 1)]);
      return;
    }
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
      return;
    }
    if (event.key === 'Escape') {
      event.preventDefault();
      if (pickerOpen) setPickerClosed(true);
      else onCancel?.();
    }
  };

  return (
    <div className="comment-composer" onClick={(e) => e.stopPropagation()}>
      <textarea
        ref={area}
        aria-label={label}
        placeholder={placeholder}
        value={text}
        rows={Math.min(6, Math.max(2, text.split('\n').length))}
        maxLength={maxCommentLength}
        onChange={(e) => {
          setText(e.currentTarget.value);
          setCaret(e.currentTarget.selectionStart);
          setPickerClosed(false);
          setChoice(0);
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
        aria-expanded={pickerOpen}
        aria-controls={pickerOpen ? pickerId : undefined}
      />
      {pickerOpen ? (
        <ul className="mention-picker" id={pickerId} role="listbox" aria-label="提及成员">
          {candidates.map((m, i) => (
            <li
              key={m.id}
              role="option"
              aria-selected={i === Math.min(choice, candidates.length - 1)}
              data-member={m.name}
              onMouseDown={(e) => {
                // Before the text area loses the focus.
                e.preventDefault();
                pick(m);
              }}
            >
              <span className="mention-name">{m.displayName}</span>
              <span className="mention-login">{m.name}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="composer-actions">
        <span className="composer-hint">Ctrl+Enter 发送 · 输入 @ 提及成员</span>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            取消
          </button>
        ) : null}
        <button type="button" className="primary small" disabled={trimmed === ''} onClick={submit}>
          {submitLabel}
        </button>
      </div>
    </div>
  );
}
