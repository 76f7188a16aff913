import { ActionIcon, Alert, Button, Group, Table, Text, TextInput } from '@mantine/core';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { RemoteSelect } from '../../components/RemoteSelect';
import { formatMoney, moneyInput } from '../../lib/money';
import { fieldMessage } from './fieldMessage';
import { lineTotal, linesTotal, newLine, type LineDraft } from './lines';
import { searchProducts } from './lookups';
import type { Product } from '../../api/sdk';

interface Props {
  lines: LineDraft[];
  errors: Record<string, string>;
  onChange: (lines: LineDraft[]) => void;
}

/** The offer's lines: pick a product (it fills the name, unit and unit price, which stay
 * editable) or type a free-text line; quantities and prices are typed the user's way (a
 * decimal comma in Finnish); line totals and the total are computed exactly as the server
 * does while typing. */
export function LinesEditor({ lines, errors, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  // What the last searches found, so that picking one fills the line from it.
  const products = useRef(new Map<string, Product>()).current;
  const err = (i: number, field: string) => fieldMessage(t, errors[`lines.${i}.${field}`]);
  const update = (i: number, patch: Partial<LineDraft>) => onChange(lines.map((line, j) => (j === i ? { ...line, ...patch } : line)));
  async function search(q: string) {
    const found = await searchProducts(q);
    for (const option of found) products.set(option.value, option.product);
    return found;
  }
  function pick(i: number, productId: string | null) {
    if (!productId) {
      update(i, { product_id: null, product_label: undefined });
      return;
    }
    const product = products.get(productId);
    update(i, {
      product_id: productId,
      product_label: product ? [product.code, product.name].filter(Boolean).join(' · ') : undefined,
      ...(product
        ? {
            name: language === 'en' && product.name_en ? product.name_en : language === 'sv' && product.name_sv ? product.name_sv : product.name,
            unit: product.unit ?? '',
            unit_price: product.unit_price !== null ? moneyInput(product.unit_price, language) : '',
          }
        : {}),
    });
  }
  const { total, complete } = linesTotal(lines);
  return (
    <div>
      <Table withRowBorders={false} verticalSpacing={4} data-testid="lines-editor">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={28}>#</Table.Th>
            <Table.Th miw={220}>{t('offers.lines.product')}</Table.Th>
            <Table.Th miw={200}>{t('offers.lines.name')}</Table.Th>
            <Table.Th w={100}>{t('offers.lines.quantity')}</Table.Th>
            <Table.Th w={90}>{t('offers.lines.unit')}</Table.Th>
            <Table.Th w={120}>{t('offers.lines.unitPrice')}</Table.Th>
            <Table.Th w={80}>{t('offers.lines.discount')}</Table.Th>
            <Table.Th w={120} ta="right">
              {t('offers.lines.lineTotal')}
            </Table.Th>
            <Table.Th w={36} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((line, i) => {
            const n = i + 1;
            const amount = lineTotal(line);
            return (
              <Table.Tr key={line.key} data-testid="line-row" style={{ verticalAlign: 'top' }}>
                <Table.Td pt={10}>
                  <Text size="sm" c="dimmed">
                    {n}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <RemoteSelect
                    kind="products"
                    aria-label={`${t('offers.lines.product')} ${n}`}
                    placeholder={t('offers.lines.productSearch')}
                    clearable
                    value={line.product_id}
                    selectedLabel={line.product_label}
                    onChange={(id) => pick(i, id)}
                    search={search}
                    error={err(i, 'product_id')}
                    data-testid="line-product"
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput aria-label={`${t('offers.lines.name')} ${n}`} maxLength={300} value={line.name} onChange={(e) => update(i, { name: e.currentTarget.value })} error={err(i, 'name')} data-testid="line-name" />
                </Table.Td>
                <Table.Td>
                  <TextInput aria-label={`${t('offers.lines.quantity')} ${n}`} inputMode="decimal" value={line.quantity} onChange={(e) => update(i, { quantity: e.currentTarget.value })} error={err(i, 'quantity')} data-testid="line-quantity" />
                </Table.Td>
                <Table.Td>
                  <TextInput aria-label={`${t('offers.lines.unit')} ${n}`} maxLength={20} value={line.unit} onChange={(e) => update(i, { unit: e.currentTarget.value })} error={err(i, 'unit')} data-testid="line-unit" />
                </Table.Td>
                <Table.Td>
                  <TextInput aria-label={`${t('offers.lines.unitPrice')} ${n}`} inputMode="decimal" value={line.unit_price} onChange={(e) => update(i, { unit_price: e.currentTarget.value })} error={err(i, 'unit_price')} data-testid="line-price" />
                </Table.Td>
                <Table.Td>
                  <TextInput aria-label={`${t('offers.lines.discount')} ${n}`} inputMode="decimal" value={line.discount_percent} onChange={(e) => update(i, { discount_percent: e.currentTarget.value })} error={err(i, 'discount_percent')} data-testid="line-discount" />
                </Table.Td>
                <Table.Td ta="right" pt={10} style={{ whiteSpace: 'nowrap' }}>
                  <Text size="sm" data-testid="line-total">
                    {amount === null ? '–' : formatMoney(amount, language, { cents: 'always' })}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    mt={4}
                    aria-label={t('offers.lines.removeLine', { n })}
                    onClick={() => onChange(lines.filter((_, j) => j !== i))}
                    disabled={lines.length === 1}
                    data-testid="line-remove"
                  >
                    ×
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Td colSpan={7} ta="right">
              <Text fw={600}>{t('offers.totalNet')}</Text>
            </Table.Td>
            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
              <Text fw={700} data-testid="lines-total">
                {formatMoney(total, language, { cents: 'always' })}
              </Text>
            </Table.Td>
            <Table.Td />
          </Table.Tr>
        </Table.Tfoot>
      </Table>
      <Group justify="space-between" mt="xs">
        <Button variant="light" size="xs" onClick={() => onChange([...lines, newLine()])} data-testid="line-add">
          {t('offers.lines.addLine')}
        </Button>
        <Text size="xs" c="dimmed">
          {t('offers.lines.rounding')}
        </Text>
      </Group>
      {!complete && (
        <Text size="xs" c="orange" mt={4} data-testid="lines-incomplete">
          {t('offers.lines.incomplete')}
        </Text>
      )}
      {errors.lines && (
        <Alert color="red" mt="xs" data-testid="lines-error">
          {fieldMessage(t, errors.lines)}
        </Alert>
      )}
    </div>
  );
}
