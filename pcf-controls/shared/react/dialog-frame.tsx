/**
 * The frame of every dialog the grids open (the pickers, the new-product form, "unsaved edits"): a
 * Fluent modal dialog with its title, content and buttons, closed by Escape or a button, that puts
 * focus back where it was (use-return-focus.ts). `alert` is for a question the person must answer.
 */
import * as React from 'react';
import {
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from '@fluentui/react-components';
import { useReturnFocus } from './use-return-focus';

export interface DialogFrameProps {
  readonly title: string;
  readonly alert?: boolean;
  onClose(): void;
  /** The buttons, primary first. */
  readonly actions: React.ReactNode;
  readonly contentClassName?: string;
  /** Wraps the body (a form, so that Enter submits it). */
  wrap?(body: React.ReactElement): React.ReactElement;
  readonly children: React.ReactNode;
}

export function DialogFrame(props: DialogFrameProps): React.ReactElement {
  useReturnFocus();
  const body = (
    <DialogBody>
      <DialogTitle>{props.title}</DialogTitle>
      <DialogContent className={props.contentClassName}>{props.children}</DialogContent>
      <DialogActions>{props.actions}</DialogActions>
    </DialogBody>
  );
  return (
    <Dialog
      open
      modalType={props.alert ? 'alert' : 'modal'}
      onOpenChange={(_, data) => (data.open ? undefined : props.onClose())}
    >
      <DialogSurface>{props.wrap ? props.wrap(body) : body}</DialogSurface>
    </Dialog>
  );
}
