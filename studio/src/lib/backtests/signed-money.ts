// A difference of money written with its sign (+1 200,00 ₽, −500,00 ₽, 0,00 ₽), so the direction does not rest
// on colour alone. Intl formats the decimal string exactly.
const cache = new Map<string, Intl.NumberFormat>();

export function formatSignedMoney(locale: string, amount: string, currency: string): string {
  const key = `${locale}:${currency}`;
  let format = cache.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        currencyDisplay: 'narrowSymbol',
        signDisplay: 'exceptZero',
      });
    } catch {
      format = new Intl.NumberFormat(locale, { signDisplay: 'exceptZero', maximumFractionDigits: 20 });
    }
    cache.set(key, format);
  }
  return format.format(amount as Intl.StringNumericLiteral);
}
