import { AppShell, Burger, Button, Group, NativeSelect, NavLink, Stack, Text, Title } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { useTranslation } from 'react-i18next'
import type { ReactNode } from 'react'
import { Link, useLocation } from 'wouter'
import { useSession } from '../../../shared/session.js'
import { LanguageSwitch } from '../../../shared/ui/language-switch.js'
import type { StaffUser } from '../api.js'
import { useStore } from '../store-context.js'
import { ConnectionBadge } from './connection-badge.js'
import { NAV_ITEMS } from './nav-items.js'

/** Header (store, connection, language, seller), the menu of screens, and the screen itself. */
export function AppFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation()
  const { session, signOut } = useSession<StaffUser>()
  const store = useStore()
  const [opened, { toggle, close }] = useDisclosure()
  const [here] = useLocation()
  const isManager = session?.user.role === 'store_manager' || session?.user.role === 'admin'
  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('layout.openMenu')} />
            <Title order={1} size="h4" lineClamp={1}>
              {store.location?.name ?? t('layout.appName')}
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap" style={{ flexShrink: 0 }}>
            <ConnectionBadge />
            <Group visibleFrom="sm">
              <LanguageSwitch />
            </Group>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('layout.nav.label')}>
        <Stack justify="space-between" h="100%">
          <nav aria-label={t('layout.nav.label')}>
            {NAV_ITEMS.filter((item) => !item.managerOnly || isManager).map((item) => (
              <NavLink key={item.path} component={Link} href={item.path} label={t(`layout.nav.${item.key}`)} active={item.path === '/' ? here === '/' || here.startsWith('/customers') : here.startsWith(item.path)} onClick={close} />
            ))}
          </nav>
          <Stack gap="xs">
            <Group hiddenFrom="sm">
              <LanguageSwitch />
            </Group>
            {store.locationIds.length > 1 && (
              <NativeSelect size="xs" label={t('layout.pickStore')} value={store.locationId ?? ''} onChange={(e) => store.pick(e.currentTarget.value)} data={store.locationIds} />
            )}
            <Text size="xs" c="dimmed">
              {t('layout.signedInAs', { name: session?.user.displayName ?? '' })}
            </Text>
            <Button variant="subtle" size="xs" onClick={signOut}>
              {t('actions.logout')}
            </Button>
          </Stack>
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>
        {store.locationIds.length === 0 && session?.user.role !== 'admin' ? <Text>{t('layout.noStore')}</Text> : children}
      </AppShell.Main>
    </AppShell>
  )
}
