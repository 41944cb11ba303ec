// The app's own origin, apart from app-protocol.ts so pure modules and tests need no electron import.
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://livedata/`;
