import { Button, Collapse, Divider, Group, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { LogActivityForm, type Regarding } from './LogActivityForm';
import { Timeline } from './Timeline';

/** A record's timeline with the "log activity" quick form above it. */
export function RecordTimeline({ source, mayLog }: { source: Regarding; mayLog: boolean }) {
  const { t } = useTranslation();
  const [open, { toggle, close }] = useDisclosure(false);
  return (
    <Stack>
      {mayLog && (
        <>
          <Group>
            <Button size="xs" variant={open ? 'default' : 'light'} onClick={toggle} data-testid="log-activity">
              {open ? t('common.cancel') : t('activity.logActivity')}
            </Button>
          </Group>
          <Collapse in={open}>
            {open && <LogActivityForm regarding={source} onDone={close} />}
          </Collapse>
          <Divider />
        </>
      )}
      <Timeline source={source} />
    </Stack>
  );
}
