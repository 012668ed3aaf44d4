// Global types SvelteKit reads for this app. See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    interface Error {
      /** Stable error code from the API (`{ error: { code } }`), when the failure came from it. */
      code?: string;
    }
  }
}

export {};
