// Sends a command through whatever transport the screen has, and turns a refusal into
// a notice with human words. Returns whether the command was accepted.
import type { CommandInput } from '../../shared/engine/commands.ts';
import type { CommandResult } from './command-retry.ts';
import { notify } from '../store/notices.ts';
import { describeError } from './errors.ts';

export type Act = (command: CommandInput) => Promise<CommandResult>;

export async function runCommand(
  act: Act,
  command: CommandInput,
  success?: string,
): Promise<boolean> {
  const res = await act(command);
  if (!res.ok) {
    notify('error', describeError(res.error));
    return false;
  }
  if (success) notify('success', success);
  return true;
}
