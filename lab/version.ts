/**
 * The lab's version, as `agujero --version` prints it: package.json's `version` (a test keeps
 * the two equal; a constant here keeps the bundled entry free of a JSON import).
 */
export const VERSION = '0.1.0';
