// The studio is a single-page app: everything renders in the browser, nothing is prerendered.
// The engine serves build/index.html for every path that is not a file.
export const ssr = false;
export const prerender = false;
