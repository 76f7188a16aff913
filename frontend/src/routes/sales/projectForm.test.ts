import { describe, expect, it } from 'vitest';
import { changedProjectFields, emptyProject, projectErrors, toCreateBody, valuesFromProject } from './projectForm';
import type { SalesProject } from './model';

describe('sales project form', () => {
  const filled = { ...emptyProject, account_id: 'acc-1', project_type_id: 'pt-gas', name: ' Kaasuliittymä Vantaa ', estimated_value: '12 500,5', probability: 60 as const, expected_decision_date: '2026-06-30' };

  it('accepts a Finnish decimal comma and sends the exact decimal string', () => {
    expect(projectErrors(filled, { creating: true })).toEqual({});
    expect(toCreateBody(filled)).toEqual({
      account_id: 'acc-1',
      project_type_id: 'pt-gas',
      name: 'Kaasuliittymä Vantaa',
      region: null,
      estimated_value: '12500.50',
      probability: 60,
      expected_decision_date: '2026-06-30',
      description: null,
    });
  });

  it('refuses what the server would refuse', () => {
    expect(projectErrors({ ...emptyProject, estimated_value: '12,345', probability: 120 }, { creating: true })).toEqual({
      account_id: 'sales.errors.required',
      project_type_id: 'sales.errors.required',
      name: 'sales.errors.required',
      estimated_value: 'sales.invalidValue',
      probability: 'sales.errors.probability',
    });
  });

  it('sends only changed fields when editing; the same amount typed differently is no change', () => {
    const project = { id: 'p1', name: 'Kaasu', account_id: 'acc-1', project_type_id: 'pt', region: 'Uusimaa', estimated_value: '12500.50', probability: 50, status: 'open', opened_on: '2026-01-01', owner_id: 'u', business_unit_id: 'b', version: 3 } as SalesProject;
    const before = valuesFromProject(project, 'fi');
    expect(before.estimated_value).toBe('12500,50');
    expect(changedProjectFields(before, { ...before, estimated_value: '12 500,50' })).toEqual({});
    expect(changedProjectFields(before, { ...before, estimated_value: '13000', region: '' })).toEqual({ estimated_value: '13000.00', region: null });
  });
});
