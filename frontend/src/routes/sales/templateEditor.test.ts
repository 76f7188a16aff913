import { describe, expect, it } from 'vitest';
import { draftErrors, emptyStage, keyFromName, moveStage, uniqueKey } from './templateEditor';

describe('stage template editor', () => {
  const stages = ['offer', 'contract', 'build', 'invoice'];

  it('moves a stage up, down and by drag to any index, keeping the others in order', () => {
    expect(moveStage(stages, 1, 0)).toEqual(['contract', 'offer', 'build', 'invoice']);
    expect(moveStage(stages, 1, 2)).toEqual(['offer', 'build', 'contract', 'invoice']);
    expect(moveStage(stages, 0, 3)).toEqual(['contract', 'build', 'invoice', 'offer']);
    expect(moveStage(stages, 3, 0)).toEqual(['invoice', 'offer', 'contract', 'build']);
    // Out of range: clamped, or nothing moves; the input is never mutated.
    expect(moveStage(stages, 0, -1)).toEqual(stages);
    expect(moveStage(stages, 3, 9)).toEqual(stages);
    expect(moveStage(stages, 7, 0)).toEqual(stages);
    expect(stages).toEqual(['offer', 'contract', 'build', 'invoice']);
  });

  it('derives stable keys from Finnish names and keeps them unique', () => {
    expect(keyFromName('Lähetä sopimus')).toBe('laheta_sopimus');
    expect(keyFromName('Öljyn myynti – 2. vaihe')).toBe('oljyn_myynti_2_vaihe');
    expect(keyFromName('1. vaihe')).toBe('s_1_vaihe');
    expect(uniqueKey('offer', ['offer', 'offer_2'])).toBe('offer_3');
  });

  it('reports missing names, duplicate keys and regions before saving', () => {
    const a = { ...emptyStage([]), name: 'Tarjous', key: 'offer' };
    const b = { ...emptyStage(['offer']), name: '', key: 'offer', responsibles: [
      { region: '*', user_id: 'u1', team_id: null },
      { region: 'Uusimaa', user_id: 'u2', team_id: null },
      { region: 'uusimaa ', user_id: 'u3', team_id: null },
    ] };
    expect(draftErrors([a, b])).toEqual({
      '1.name': 'projectTypes.errors.nameRequired',
      '1.key': 'projectTypes.errors.keyTaken',
      '1.responsibles.2': 'projectTypes.errors.regionTwice',
    });
    expect(draftErrors([])).toEqual({ _: 'projectTypes.errors.noStages' });
  });
});
