import { Anchor, type AnchorProps } from '@mantine/core';
import { createLink, type LinkComponent } from '@tanstack/react-router';
import { forwardRef, type AnchorHTMLAttributes } from 'react';

type MantineAnchorProps = Omit<AnchorProps, 'href'> & AnchorHTMLAttributes<HTMLAnchorElement>;

const MantineLinkComponent = forwardRef<HTMLAnchorElement, MantineAnchorProps>((props, ref) => (
  <Anchor ref={ref} {...props} />
));
MantineLinkComponent.displayName = 'MantineLinkComponent';

const CreatedLink = createLink(MantineLinkComponent);

/** A Mantine Anchor that navigates with TanStack Router (typed `to` and `params`). */
export const AnchorLink: LinkComponent<typeof MantineLinkComponent> = (props) => <CreatedLink preload={false} {...props} />;
