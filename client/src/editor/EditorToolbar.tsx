/** Formatting controls of a narrative editor: the few the national format needs. */
import { type Editor, useEditorState } from '@tiptap/react';
import type { ReactNode } from 'react';

interface ToolbarState {
  paragraph: boolean;
  heading: boolean;
  bulletList: boolean;
  orderedList: boolean;
  bold: boolean;
  italic: boolean;
  canUndo: boolean;
  canRedo: boolean;
}

const idle: ToolbarState = {
  paragraph: false,
  heading: false,
  bulletList: false,
  orderedList: false,
  bold: false,
  italic: false,
  canUndo: false,
  canRedo: false,
};

export function EditorToolbar({ editor }: { editor: Editor | null }) {
  const state =
    useEditorState({
      editor,
      selector: ({ editor: e }): ToolbarState => {
        if (!e) return idle;
        return {
          paragraph: e.isActive('paragraph') && !e.isActive('bulletList') && !e.isActive('orderedList'),
          heading: e.isActive('heading', { level: 3 }),
          bulletList: e.isActive('bulletList'),
          orderedList: e.isActive('orderedList'),
          bold: e.isActive('bold'),
          italic: e.isActive('italic'),
          canUndo: e.can().undo(),
          canRedo: e.can().redo(),
        };
      },
    }) ?? idle;
  if (!editor) return <div className="toolbar" />;
  const run = (command: (chain: ReturnType<Editor['chain']>) => ReturnType<Editor['chain']>) => () => command(editor.chain().focus()).run();
  return (
    <div className="toolbar" role="toolbar" aria-label="格式">
      <ToolButton label="正文" active={state.paragraph} onClick={run((c) => c.setParagraph())}>
        正文
      </ToolButton>
      <ToolButton label="小标题" active={state.heading} onClick={run((c) => c.toggleHeading({ level: 3 }))}>
        小标题
      </ToolButton>
      <span className="toolbar-sep" />
      <ToolButton label="项目符号列表" active={state.bulletList} onClick={run((c) => c.toggleBulletList())}>
        • 列表
      </ToolButton>
      <ToolButton label="编号列表" active={state.orderedList} onClick={run((c) => c.toggleOrderedList())}>
        1. 列表
      </ToolButton>
      <span className="toolbar-sep" />
      <ToolButton label="加粗" active={state.bold} onClick={run((c) => c.toggleBold())}>
        <b>B</b>
      </ToolButton>
      <ToolButton label="倾斜" active={state.italic} onClick={run((c) => c.toggleItalic())}>
        <i>I</i>
      </ToolButton>
      <span className="toolbar-sep" />
      <ToolButton label="撤销" disabled={!state.canUndo} onClick={run((c) => c.undo())}>
        撤销
      </ToolButton>
      <ToolButton label="重做" disabled={!state.canRedo} onClick={run((c) => c.redo())}>
        重做
      </ToolButton>
    </div>
  );
}

function ToolButton(props: { label: string; active?: boolean; disabled?: boolean; onClick: () => void; children: ReactNode }) {
  return (
    <button
      type="button"
      className={props.active ? 'tool active' : 'tool'}
      title={props.label}
      aria-label={props.label}
      aria-pressed={props.active}
      disabled={props.disabled}
      // Keep the editor's selection: a toolbar click must not blur it first.
      onMouseDown={(e) => e.preventDefault()}
      onClick={props.onClick}
    >
      {props.children}
    </button>
  );
}
