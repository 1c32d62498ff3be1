export { renderText } from './render'
export { joinItems, parseTemplate, type TemplatePiece } from './template'
