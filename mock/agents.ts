/** The agents the mock lab knows: agent001..agent050 (extensions 1001..1050) and supervisor01. */
export interface MockAgent {
  id: string;
  firstName: string;
  lastName: string;
  extension: string;
  role: 'Agent' | 'Supervisor';
}

export const MOCK_AGENTS: readonly MockAgent[] = [
  ...Array.from({ length: 50 }, (_, index): MockAgent => {
    const number = String(index + 1).padStart(3, '0');
    return { id: `agent${number}`, firstName: 'Agent', lastName: number, extension: String(1001 + index), role: 'Agent' };
  }),
  { id: 'supervisor01', firstName: 'Supervisor', lastName: '01', extension: '2001', role: 'Supervisor' },
];

const byId = new Map(MOCK_AGENTS.map((agent) => [agent.id.toLowerCase(), agent]));

export function findAgent(id: string): MockAgent | undefined {
  return byId.get(id.toLowerCase());
}

export function displayName(agent: MockAgent): string {
  return `${agent.firstName} ${agent.lastName}`;
}
