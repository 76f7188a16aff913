import { Center, Stack } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { LoginForm } from './LoginForm';

export function LoginPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return (
    <Center mih="100vh" bg="gray.0">
      <Stack align="center">
        <LoginForm
          onSignedIn={() => {
            queryClient.clear();
            void navigate({ to: '/accounts' });
          }}
        />
        <LanguageSwitch />
      </Stack>
    </Center>
  );
}
