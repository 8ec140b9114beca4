import { describeRequiredGates, requiredGatesOf } from './requiredGates';

describe('requiredGatesOf', () => {
  it("is the entity's gates, then the milestone's own not already among them", () => {
    expect(
      requiredGatesOf(['build', 'lint', 'tests', 'typecheck'], {
        id: 'M3.4',
        requiredGates: ['lint', 'build', 'audit'],
      }),
    ).toEqual({
      milestoneId: 'M3.4',
      entity: ['build', 'lint', 'tests', 'typecheck'],
      milestone: ['lint', 'build', 'audit'],
      gates: ['build', 'lint', 'tests', 'typecheck', 'audit'],
    });
  });

  it("without a milestone: the entity's list, else lint and build", () => {
    expect(requiredGatesOf(['tests']).gates).toEqual(['tests']);
    expect(requiredGatesOf([])).toEqual({
      milestoneId: null,
      entity: [],
      milestone: [],
      gates: ['lint', 'build'],
    });
  });
});

describe('describeRequiredGates', () => {
  it('states the relation and both lists in one sentence', () => {
    expect(
      describeRequiredGates(
        requiredGatesOf(['build', 'lint', 'tests', 'typecheck'], {
          id: 'M3.4',
          requiredGates: ['lint', 'build'],
        }),
      ),
    ).toBe(
      "M3.4 needs build, lint, tests, typecheck green: the component's required CI gates (build, lint, tests, typecheck) plus the gates M3.4 names itself (lint, build).",
    );
    expect(
      describeRequiredGates(
        requiredGatesOf([], { id: 'M1', requiredGates: ['lint'] }),
      ),
    ).toBe(
      "M1 needs lint green: the component's required CI gates (none set) plus the gates M1 names itself (lint).",
    );
  });

  it('says what is checked without a milestone', () => {
    expect(describeRequiredGates(requiredGatesOf(['tests']))).toBe(
      "Without a milestone, the component's required CI gates (tests) are checked; a milestone needs them plus the gates it names itself.",
    );
    expect(describeRequiredGates(requiredGatesOf([]))).toBe(
      "The component sets no required CI gates, so lint, build (a milestone's default) are checked; a milestone needs the gates it names itself.",
    );
  });
});
