import { Alert, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core'
import { useMutation } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useLocation } from 'wouter'
import { dataOf, ProblemError } from '../../../../shared/api.js'
import { useSession } from '../../../../shared/session.js'
import { LanguageSwitch } from '../../../../shared/ui/language-switch.js'
import { ProblemAlert } from '../../../../shared/ui/problem-alert.js'
import { api, type StaffUser } from '../../api.js'

/** Email and password of a store associate or manager; on success, back to the customer search. */
export function LoginScreen() {
  const { t } = useTranslation()
  const { signIn } = useSession<StaffUser>()
  const [, navigate] = useLocation()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const login = useMutation({
    mutationFn: () => dataOf(api.POST('/v1/auth/staff/login', { body: { email: email.trim(), password } })),
    onSuccess: (answer) => {
      signIn({ token: answer.token, expiresAt: answer.expiresAt, user: answer.staff })
      navigate('/', { replace: true })
    },
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    login.mutate()
  }
  const badCredentials = login.error instanceof ProblemError && login.error.status === 401
  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420} component="main">
        <form onSubmit={submit} noValidate>
          <Stack>
            <Group justify="space-between" align="flex-start">
              <div>
                <Title order={1} size="h2">
                  {t('login.title')}
                </Title>
                <Text c="dimmed" size="sm">
                  {t('login.subtitle')}
                </Text>
              </div>
              <LanguageSwitch />
            </Group>
            <TextInput label={t('login.email')} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
            <PasswordInput label={t('login.password')} autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
            {badCredentials ? <Alert color="red" role="alert" title={t('login.failed')} /> : login.error ? <ProblemAlert error={login.error} /> : null}
            <Button type="submit" loading={login.isPending} disabled={!email || !password}>
              {t('login.submit')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  )
}
