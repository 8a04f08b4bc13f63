// Original file: kernel/launcher/v1/launcher.proto


/**
 * TerminalSize is a terminal's size in characters.
 */
export interface TerminalSize {
  'rows'?: (number);
  'columns'?: (number);
}

/**
 * TerminalSize is a terminal's size in characters.
 */
export interface TerminalSize__Output {
  'rows': (number);
  'columns': (number);
}
