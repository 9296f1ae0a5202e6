/** The apps' one look: Mantine's accessible components with the shop's colours; large targets for touch screens. */
import { createTheme, defaultVariantColorsResolver, parseThemeColor, type CSSVariablesResolver, type VariantColorsResolver } from '@mantine/core'

/**
 * Light, outline and subtle variants (badges, light buttons) write their text in the colour's shade 6, under 4.5:1 on
 * their pale backgrounds for teal, orange and the like.
 */
const variantColorResolver: VariantColorsResolver = (input) => {
  const resolved = defaultVariantColorsResolver(input)
  if (input.variant !== 'light' && input.variant !== 'outline' && input.variant !== 'subtle') return resolved
  const parsed = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme })
  if (!parsed.isThemeColor || parsed.shade !== undefined) return resolved
  // Orange and yellow 9 are still bright: darkened by a quarter, every colour's text passes on its shade 0.
  const text = `color-mix(in srgb, var(--mantine-color-${parsed.color}-9), black 25%)`
  if (input.variant === 'light') return { ...resolved, color: text, background: `var(--mantine-color-${parsed.color}-0)` }
  return { ...resolved, color: text, ...(input.variant === 'outline' ? { border: `1px solid ${text}` } : {}) }
}

export const theme = createTheme({
  variantColorResolver,
  primaryColor: 'indigo',
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
  headings: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif' },
  // Indigo 6 on white passes WCAG AA for text; the default blue's lighter shades did not on filled buttons.
  primaryShade: { light: 7, dark: 5 },
})

/**
 * Mantine's dimmed text and placeholders (gray 6 and 5) fall under WCAG AA's 4.5:1 on white; these greys pass it (about
 * 6:1 and 4.7:1), so hints and secondary lines stay readable on a shop floor's bright screens.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': '#5c636a', '--mantine-color-placeholder': '#6c737a' },
  dark: {},
})
