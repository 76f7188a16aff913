import { Alert, Badge, Button, Checkbox, CopyButton, Group, Modal, Stack, Table, Text, Textarea, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { searchUsers, useUserName } from '../../api/lookups';
import { usePermissions, type Action, type Entity } from '../../api/permissions';
import { ApiError, unwrap } from '../../api/problem';
import { createApiKey, listApiKeys, revokeApiKey, type ApiKey, type ApiKeyCreated } from '../../api/sdk';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Pager } from '../../components/Pager';
import { RemoteSelect } from '../../components/RemoteSelect';
import { useCursorPager } from '../../lib/cursorPager';
import { endOfDayInHelsinki, formatDateTime, newIdempotencyKey, todayInHelsinki } from '../../lib/format';

/** What a key may be allowed to do: "entity:action", as the backend accepts them. */
export const SCOPE_ENTITIES: readonly Entity[] = ['account', 'contact', 'user', 'business_unit', 'team', 'role', 'api_key'];
export const SCOPE_ACTIONS: readonly Action[] = ['create', 'read', 'update', 'delete', 'assign', 'export'];
export const DEFAULT_SCOPES: readonly string[] = ['account:read', 'contact:read'];

const scope = (entity: Entity, action: Action) => `${entity}:${action}`;

type KeyStatus = 'active' | 'revoked' | 'expired';

export function keyStatus(key: Pick<ApiKey, 'revoked_at' | 'expires_at'>, now: Date = new Date()): KeyStatus {
  if (key.revoked_at) return 'revoked';
  if (key.expires_at && new Date(key.expires_at).getTime() <= now.getTime()) return 'expired';
  return 'active';
}

const STATUS_COLOR: Record<KeyStatus, string> = { active: 'green', revoked: 'gray', expired: 'orange' };

/** Entity × action checkboxes; the value is the list of chosen scopes. */
function ScopeGrid({ value, onChange, error }: { value: string[]; onChange: (v: string[]) => void; error?: string }) {
  const { t } = useTranslation();
  const chosen = new Set(value);
  const toggle = (s: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(s);
    else next.delete(s);
    // Keep the grid's order so the request is stable.
    onChange(SCOPE_ENTITIES.flatMap((e) => SCOPE_ACTIONS.map((a) => scope(e, a))).filter((x) => next.has(x)));
  };
  return (
    <div role="group" aria-labelledby="api-key-scopes-label" data-testid="api-key-scopes">
      <Text size="sm" fw={500} id="api-key-scopes-label">
        {t('apiKey.scopes')}{' '}
        <Text span c="red" aria-hidden>
          *
        </Text>
      </Text>
      <Text size="xs" c="dimmed" mb={4}>
        {t('apiKey.scopesHint')}
      </Text>
      <Table withTableBorder striped verticalSpacing={4} horizontalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('admin.entity')}</Table.Th>
            {SCOPE_ACTIONS.map((a) => (
              <Table.Th key={a} ta="center">
                {t(`admin.actions.${a}`)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {SCOPE_ENTITIES.map((e) => (
            <Table.Tr key={e}>
              <Table.Td>{t(`admin.entities.${e}`)}</Table.Td>
              {SCOPE_ACTIONS.map((a) => {
                const s = scope(e, a);
                return (
                  <Table.Td key={a}>
                    <Group justify="center">
                      <Checkbox
                        aria-label={t('apiKey.scopeLabel', { entity: t(`admin.entities.${e}`), action: t(`admin.actions.${a}`) })}
                        checked={chosen.has(s)}
                        onChange={(ev) => toggle(s, ev.currentTarget.checked)}
                        value={s}
                        data-scope={s}
                      />
                    </Group>
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {error && (
        <Text size="xs" c="red" mt={4} role="alert">
          {error}
        </Text>
      )}
    </div>
  );
}

function ApiKeyForm({ onCreated, onCancel }: { onCreated: (key: ApiKeyCreated) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [userId, setUserId] = useState<string | null>(null);
  const [scopes, setScopes] = useState<string[]>([...DEFAULT_SCOPES]);
  const [expires, setExpires] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const userName = useUserName(userId);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const local: Record<string, string> = {};
    if (!userId) local.user_id = t('apiKey.userRequired');
    if (scopes.length === 0) local.scopes = t('apiKey.scopesRequired');
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      const created = await unwrap(
        createApiKey({
          body: { name: name.trim(), user_id: userId ?? '', scopes, ...(expires ? { expires_at: endOfDayInHelsinki(expires) } : {}) },
          headers: { 'Idempotency-Key': newIdempotencyKey() },
        }),
      );
      await queryClient.invalidateQueries({ queryKey: ['api-keys'] });
      onCreated(created);
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} data-testid="api-key-form">
      <Stack>
        <ErrorAlert error={failure} />
        <TextInput label={t('common.name')} name="name" required data-autofocus autoFocus value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} description={t('apiKey.nameHint')} />
        <RemoteSelect
          kind="users"
          label={t('apiKey.user')}
          name="user_id"
          required
          description={t('apiKey.userHint')}
          placeholder={t('apiKey.userPlaceholder')}
          value={userId}
          selectedLabel={userName}
          onChange={setUserId}
          search={searchUsers}
          error={errors.user_id}
          data-testid="api-key-user"
        />
        <ScopeGrid value={scopes} onChange={setScopes} error={errors.scopes} />
        <TextInput
          type="date"
          label={t('apiKey.expires')}
          name="expires_at"
          description={t('apiKey.expiresHint')}
          min={todayInHelsinki()}
          value={expires}
          onChange={(e) => setExpires(e.currentTarget.value)}
          error={errors.expires_at}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy} data-testid="api-key-save">
            {t('common.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The new key's secret, shown this once; it lives only in the page's state until closed. */
function SecretView({ apiKey, onDone }: { apiKey: ApiKeyCreated; onDone: () => void }) {
  const { t } = useTranslation();
  // A repeated (idempotent) create returns the key without its secret.
  const secret = apiKey.secret;
  return (
    <Stack>
      {secret ? (
        <>
          <Alert color="yellow" title={t('apiKey.secretWarningTitle')} data-testid="api-key-secret-warning">
            {t('apiKey.secretWarning')}
          </Alert>
          <Textarea
            label={t('apiKey.secret', { name: apiKey.name })}
            value={secret}
            readOnly
            autosize
            minRows={1}
            spellCheck={false}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', wordBreak: 'break-all' } }}
            onFocus={(e) => e.currentTarget.select()}
            data-testid="api-key-secret"
          />
        </>
      ) : (
        <Alert color="yellow" data-testid="api-key-secret-warning">
          {t('apiKey.secretUnavailable')}
        </Alert>
      )}
      <Group justify="flex-end">
        {secret && (
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Button variant="light" color={copied ? 'teal' : 'blue'} onClick={copy} data-testid="api-key-copy">
                {copied ? t('apiKey.copied') : t('apiKey.copy')}
              </Button>
            )}
          </CopyButton>
        )}
        <Button onClick={onDone} data-autofocus data-testid="api-key-secret-done">
          {t('apiKey.done')}
        </Button>
      </Group>
    </Stack>
  );
}

function RevokeConfirm({ apiKey, onDone }: { apiKey: ApiKey; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function revoke() {
    setBusy(true);
    setFailure(null);
    try {
      await unwrap(revokeApiKey({ path: { key_id: apiKey.id } }));
      await queryClient.invalidateQueries({ queryKey: ['api-keys'] });
      onDone();
    } catch (e) {
      // 409: someone revoked it already; the refreshed list shows that.
      if (e instanceof ApiError && e.status === 409) void queryClient.invalidateQueries({ queryKey: ['api-keys'] });
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack>
      <ErrorAlert error={failure} />
      <Text>{t('apiKey.revokeConfirm', { name: apiKey.name, prefix: apiKey.prefix })}</Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone} data-autofocus>
          {t('common.cancel')}
        </Button>
        <Button color="red" loading={busy} onClick={() => void revoke()} data-testid="api-key-revoke-confirm">
          {t('apiKey.revoke')}
        </Button>
      </Group>
    </Stack>
  );
}

function UserName({ id }: { id: string }) {
  return <>{useUserName(id) ?? ''}</>;
}

export function ApiKeysPage() {
  const { t, i18n } = useTranslation();
  const permissions = usePermissions();
  const pager = useCursorPager();
  const mayRead = permissions.can('api_key', 'read');
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const keys = useQuery({
    queryKey: ['api-keys', 'list', pager.cursor],
    queryFn: () => unwrap(listApiKeys({ query: { limit: 50, sort: '-created_at', ...(pager.cursor ? { cursor: pager.cursor } : {}) } })),
    placeholderData: keepPreviousData,
    enabled: mayRead,
  });

  if (!mayRead) {
    return (
      <>
        <Title order={2} mb="md">
          {t('apiKey.title')}
        </Title>
        <Alert color="red" role="alert" data-testid="api-keys-forbidden">
          {t('errors.forbidden')}
        </Alert>
      </>
    );
  }

  const now = new Date();
  const items = keys.data?.items ?? [];
  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>{t('apiKey.title')}</Title>
        {permissions.can('api_key', 'create') && (
          <Button onClick={() => setCreating(true)} data-testid="new-api-key">
            {t('apiKey.new')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={keys.error} />
      <Table.ScrollContainer minWidth={800}>
        <Table striped highlightOnHover data-testid="api-keys-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('common.name')}</Table.Th>
              <Table.Th>{t('apiKey.user')}</Table.Th>
              <Table.Th>{t('apiKey.prefix')}</Table.Th>
              <Table.Th>{t('apiKey.scopes')}</Table.Th>
              <Table.Th>{t('apiKey.expires')}</Table.Th>
              <Table.Th>{t('apiKey.lastUsed')}</Table.Th>
              <Table.Th>{t('apiKey.status')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('apiKey.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {keys.isSuccess && items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={8}>
                  <Text c="dimmed" size="sm">
                    {t('apiKey.empty')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
            {items.map((key) => {
              const status = keyStatus(key, now);
              return (
                <Table.Tr key={key.id} data-testid={`api-key-row-${key.id}`}>
                  <Table.Td>{key.name}</Table.Td>
                  <Table.Td>
                    <UserName id={key.user_id} />
                  </Table.Td>
                  <Table.Td>
                    <Text span ff="monospace" size="sm">
                      {key.prefix}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {key.scopes.map((s) => (
                        <Badge key={s} variant="outline" size="sm" tt="none">
                          {s}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>{key.expires_at ? formatDateTime(key.expires_at, i18n.language) : t('apiKey.never')}</Table.Td>
                  <Table.Td>{key.last_used_at ? formatDateTime(key.last_used_at, i18n.language) : t('apiKey.notUsed')}</Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOR[status]} variant="light" style={{ overflow: 'visible' }} miw="max-content" data-testid="api-key-status">
                      {t(`apiKey.statuses.${status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {status !== 'revoked' && permissions.canOn('api_key', 'update', { owner_id: key.user_id, business_unit_id: key.business_unit_id }) && (
                      <Button size="compact-sm" variant="light" color="red" onClick={() => setRevoking(key)} aria-label={t('apiKey.revokeNamed', { name: key.name })} data-testid="api-key-revoke">
                        {t('apiKey.revoke')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Pager pageNumber={pager.pageNumber} hasPrevious={pager.hasPrevious} nextCursor={keys.data?.next_cursor} onPrevious={pager.previous} onNext={pager.next} />
      <Modal closeButtonProps={{ 'aria-label': t('common.close') }} opened={creating} onClose={() => setCreating(false)} title={t('apiKey.new')} size="xl">
        {creating && (
          <ApiKeyForm
            onCancel={() => setCreating(false)}
            onCreated={(key) => {
              setCreating(false);
              setCreated(key);
            }}
          />
        )}
      </Modal>
      <Modal
        closeButtonProps={{ 'aria-label': t('common.close') }}
        opened={created !== null}
        onClose={() => setCreated(null)}
        closeOnClickOutside={false}
        title={t('apiKey.createdTitle')}
        size="lg"
      >
        {created && <SecretView apiKey={created} onDone={() => setCreated(null)} />}
      </Modal>
      <Modal closeButtonProps={{ 'aria-label': t('common.close') }} opened={revoking !== null} onClose={() => setRevoking(null)} title={t('apiKey.revokeTitle')}>
        {revoking && <RevokeConfirm apiKey={revoking} onDone={() => setRevoking(null)} />}
      </Modal>
    </>
  );
}
