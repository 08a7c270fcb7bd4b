/**
 * What the desktop host itself shows (application menu, native dialogs) in the
 * language the user chose in the workbench (setting `ui.locale`). Menu labels carry
 * their access keys (`&File`; in Chinese `文件(&F)`, as Windows writes them).
 */
export const HOST_TEXT_EN = {
  'menu.file': '&File',
  'menu.new': '&New',
  'menu.open': '&Open…',
  'menu.openRecent': 'Open &Recent',
  'menu.noRecent': 'No recent designs',
  'menu.save': '&Save',
  'menu.saveAs': 'Save &As…',
  'menu.import': '&Import…',
  'menu.export': '&Export…',
  'menu.versions': '&Versions…',
  'menu.edit': '&Edit',
  'menu.undo': '&Undo',
  'menu.redo': '&Redo',
  'menu.delete': '&Delete',
  'menu.view': '&View',
  'menu.fit': '&Fit to Window',
  'menu.togglePalette': 'Show/Hide &Palette',
  'menu.toggleInspector': 'Show/Hide &Inspector',
  'menu.toggleResults': 'Show/Hide &Results',
  'menu.help': '&Help',
  'menu.about': '&About Cluster Workbench',
  'about.title': 'About Cluster Workbench',
  'about.detail': 'An offline workbench for designing AI training clusters.',
  'about.data': 'Data: {dir}',
  'dialog.importTitle': 'Import a Cluster Workbench design',
  'dialog.exportTitle': 'Export design',
  'dialog.exportReportTitle': 'Export report',
  'dialog.designFiles': 'Cluster Workbench design',
  'dialog.allFiles': 'All files',
  'dialog.cannotOpen': 'Cannot open the design file',
  'close.discard': 'Discard changes and close',
  'close.keep': 'Keep editing',
  'close.title': 'Unsaved changes',
  'close.message': 'The open design has unsaved changes.',
  'close.detail': 'They are also kept in the recovery slot and offered again at the next start.',
  'report.pdf': 'PDF document',
  'report.html': 'HTML page',
  'report.md': 'Markdown',
  'report.csv': 'CSV (bill of materials)',
  'report.xlsx': 'Excel workbook',
  'report.json': 'JSON (design and results)',
} as const;

export type HostTextKey = keyof typeof HOST_TEXT_EN;

export const HOST_TEXT_ZH: Record<HostTextKey, string> = {
  'menu.file': '文件(&F)',
  'menu.new': '新建(&N)',
  'menu.open': '打开(&O)…',
  'menu.openRecent': '最近打开(&R)',
  'menu.noRecent': '没有最近的设计',
  'menu.save': '保存(&S)',
  'menu.saveAs': '另存为(&A)…',
  'menu.import': '导入(&I)…',
  'menu.export': '导出(&E)…',
  'menu.versions': '版本(&V)…',
  'menu.edit': '编辑(&E)',
  'menu.undo': '撤销(&U)',
  'menu.redo': '重做(&R)',
  'menu.delete': '删除(&D)',
  'menu.view': '视图(&V)',
  'menu.fit': '适应窗口(&F)',
  'menu.togglePalette': '显示/隐藏部件库(&P)',
  'menu.toggleInspector': '显示/隐藏属性面板(&I)',
  'menu.toggleResults': '显示/隐藏计算结果(&R)',
  'menu.help': '帮助(&H)',
  'menu.about': '关于集群工作台(&A)',
  'about.title': '关于集群工作台',
  'about.detail': '用于设计 AI 训练集群的离线工作台。',
  'about.data': '数据目录：{dir}',
  'dialog.importTitle': '导入集群工作台设计',
  'dialog.exportTitle': '导出设计',
  'dialog.exportReportTitle': '导出报告',
  'dialog.designFiles': '集群工作台设计',
  'dialog.allFiles': '所有文件',
  'dialog.cannotOpen': '无法打开设计文件',
  'close.discard': '放弃更改并关闭',
  'close.keep': '继续编辑',
  'close.title': '未保存的更改',
  'close.message': '当前设计有未保存的更改。',
  'close.detail': '这些更改也保存在恢复槽中，下次启动时会再次提供恢复。',
  'report.pdf': 'PDF 文档',
  'report.html': 'HTML 网页',
  'report.md': 'Markdown',
  'report.csv': 'CSV（物料清单）',
  'report.xlsx': 'Excel 工作簿',
  'report.json': 'JSON（设计与结果）',
};

export type HostLocale = 'en' | 'zh-CN';

/** A host string in the locale, `{name}` parameters filled in. */
export function hostText(locale: HostLocale, key: HostTextKey, params: Record<string, string> = {}): string {
  const template = locale === 'zh-CN' ? HOST_TEXT_ZH[key] : HOST_TEXT_EN[key];
  return template.replace(/\{(\w+)\}/g, (m, name: string) => params[name] ?? m);
}
