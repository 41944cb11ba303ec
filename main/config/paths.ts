// Per-user folders for config and logs, following each OS's conventions (the same folders
// Electron's app.getPath('userData') / ('logs') use, so desktop and browser mode agree).
import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'livedata-desktop';

export interface AppPaths {
  configDir: string;
  logDir: string;
}

export function defaultPaths(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): AppPaths {
  const home = os.homedir();
  let configDir: string;
  let logDir: string;
  if (platform === 'win32') {
    configDir = path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
    logDir = path.join(configDir, 'logs');
  } else if (platform === 'darwin') {
    configDir = path.join(home, 'Library', 'Application Support', APP_DIR_NAME);
    logDir = path.join(home, 'Library', 'Logs', APP_DIR_NAME);
  } else {
    configDir = path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_DIR_NAME);
    logDir = path.join(configDir, 'logs');
  }
  return {
    configDir: env.LIVEDATA_CONFIG_DIR ?? configDir,
    logDir: env.LIVEDATA_LOG_DIR ?? logDir,
  };
}
