// The shape of a feature's messages: English defines the keys, Russian must give every one of them.
export interface PluralMessage {
  one: string;
  few?: string;
  many?: string;
  other: string;
}
export type Message = string | PluralMessage;

export type Translation<English> = { readonly [K in keyof English]: Message };
