import { Injectable } from '@nestjs/common';

/** Wakes this instance's delivery worker when something was queued here, so it need not wait for its next poll. */
@Injectable()
export class OutboxSignal {
  private waiter?: () => void;
  private pending = false;

  notify(): void {
    this.pending = true;
    this.waiter?.();
  }

  /** Resolves on the next notify, or after `ms`. */
  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiter = undefined;
        this.pending = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiter = done;
    });
  }
}
