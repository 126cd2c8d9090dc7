/**
 * Styles both controls share (grid, toolbar, picker, dialog), added to the document once. A PCF
 * manifest's <css> must live inside one control's folder, so the shared part is kept here instead of
 * being copied into both; each control's own css/*.css holds only what is its own.
 */
const STYLE_ID = 'w365-pcf-shared-styles';

export const SHARED_CSS = `
.w365-sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
.w365-root{position:relative;font-family:"Segoe UI","Segoe UI Web (West European)",-apple-system,BlinkMacSystemFont,Roboto,"Helvetica Neue",sans-serif;font-size:14px;color:#242424}
.w365-toolbar{display:flex;flex-direction:column;gap:6px;padding:6px 0}
.w365-toolbar-row{display:flex;flex-wrap:wrap;align-items:center;gap:8px}
.w365-select,.w365-search,.w365-input{font:inherit;padding:4px 6px;border:1px solid #8a8886;border-radius:2px;background:#fff;color:inherit}
.w365-search{min-width:16rem}
.w365-counts{display:flex;gap:4px;flex-wrap:wrap}
.w365-count{font:inherit;border:1px solid #c8c6c4;border-radius:12px;background:#f3f2f1;padding:2px 10px;cursor:pointer}
.w365-count[aria-pressed="true"]{background:#0f6cbd;border-color:#0f6cbd;color:#fff}
.w365-shown{color:#605e5c;margin-right:auto}
.w365-button{font:inherit;border:1px solid #8a8886;border-radius:2px;background:#fff;padding:4px 12px;cursor:pointer;color:inherit}
.w365-button:disabled{color:#a19f9d;border-color:#c8c6c4;cursor:default}
.w365-primary{background:#0f6cbd;border-color:#0f6cbd;color:#fff}
.w365-primary:disabled{background:#c8c6c4;border-color:#c8c6c4;color:#fff}
.w365-small{padding:2px 8px;font-size:13px;white-space:nowrap}
.w365-link{font:inherit;background:none;border:0;padding:0;color:#0f6cbd;text-decoration:underline;cursor:pointer;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;max-width:100%;text-align:left}
.w365-message{min-height:1.2em;color:#323130;padding:2px 0}
.w365-progress{width:10rem}
.w365-grid{border:1px solid #e1dfdd;outline:none}
.w365-grid-head{background:#faf9f8;border-bottom:1px solid #e1dfdd}
.w365-grid-viewport{position:relative;overflow:auto;contain:strict}
.w365-grid-body{position:relative;width:100%}
.w365-grid-row{display:grid;align-items:center;box-sizing:border-box;width:100%}
.w365-grid-body>.w365-grid-row{position:absolute;top:0;left:0;border-bottom:1px solid #f3f2f1}
.w365-grid-header{font-weight:600;min-height:36px}
.w365-grid-cell{display:flex;flex-direction:column;justify-content:center;gap:2px;padding:0 8px;min-width:0;overflow:hidden;height:100%;box-sizing:border-box}
.w365-grid-cell:focus,.w365-grid-cell :focus{outline:2px solid #0f6cbd;outline-offset:-2px}
.w365-grid-empty{padding:16px;color:#605e5c}
.w365-line1{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.w365-line2{overflow:hidden;text-overflow:ellipsis;white-space:nowrap;font-size:12px;color:#605e5c}
.w365-badge{display:inline-block;align-self:flex-start;border-radius:10px;padding:0 8px;font-size:12px;line-height:18px;background:#f3f2f1}
.w365-status-mapped{background:#dff6dd;color:#0e700e}
.w365-status-suggested{background:#fff4ce;color:#8a5600}
.w365-status-excluded{background:#edebe9;color:#605e5c}
.w365-status-notsetup{background:#fde7e9;color:#a4262c}
.w365-removed{background:#edebe9;margin-left:6px}
.w365-unsaved{color:#8a5600}
.w365-problem{color:#a4262c}
.w365-row-unsaved{background:#fffbeb}
.w365-row-problem{background:#fdf3f4}
.w365-picker{position:absolute;z-index:10;width:24rem;max-width:90vw;background:#fff;border:1px solid #8a8886;box-shadow:0 6px 16px rgba(0,0,0,.18);padding:8px;display:flex;flex-direction:column;gap:6px}
.w365-picker[hidden]{display:none}
.w365-picker-top{display:flex;justify-content:space-between;align-items:center;font-weight:600}
.w365-picker-close{padding:0 8px}
.w365-picker-input{font:inherit;padding:4px 6px;border:1px solid #8a8886}
.w365-picker-list{list-style:none;margin:0;padding:0;max-height:16rem;overflow:auto}
.w365-picker-option{padding:4px 6px;cursor:pointer;display:flex;flex-direction:column}
.w365-picker-option[aria-selected="true"]{background:#cfe4fa}
.w365-picker-detail{font-size:12px;color:#605e5c}
.w365-picker-warning{font-size:12px;color:#a4262c}
.w365-picker-alert{color:#a4262c}
.w365-picker-alert:empty,.w365-picker-status:empty{display:none}
.w365-picker-status{color:#605e5c;font-size:12px}
.w365-dialog{position:absolute;z-index:20;top:40px;left:50%;transform:translateX(-50%);width:30rem;max-width:95%;background:#fff;border:1px solid #8a8886;box-shadow:0 8px 24px rgba(0,0,0,.25);padding:16px;display:flex;flex-direction:column;gap:8px}
.w365-dialog[hidden]{display:none}
.w365-dialog h2{font-size:16px;margin:0 0 4px}
.w365-field{display:flex;flex-direction:column;gap:2px}
.w365-field-error{color:#a4262c;font-size:12px;min-height:0}
.w365-dialog-buttons{display:flex;justify-content:flex-end;gap:8px}
`;

export function ensureSharedStyles(doc: Document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement('style');
  style.id = STYLE_ID;
  style.textContent = SHARED_CSS;
  doc.head.append(style);
}
