/**
 * The xstate-to-lit bridge (there is no @xstate/lit): a ReactiveController that starts an actor
 * with its host, re-renders the host on every snapshot, and stops it when the host goes away.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AnyActorRef, SnapshotFrom, Subscription } from 'xstate';

/** Subscribes a lit element to an xstate actor. */
export class ActorController<A extends AnyActorRef> implements ReactiveController {
  private subscription: Subscription | undefined;

  /**
   * @param host the element to re-render
   * @param actor the actor; started on connect, stopped on disconnect
   * @param onSnapshot optional hook run on every snapshot before the re-render
   */
  constructor(
    private readonly host: ReactiveControllerHost,
    readonly actor: A,
    private readonly onSnapshot?: (s: SnapshotFrom<A>) => void,
  ) {
    host.addController(this);
  }

  /** The actor's current snapshot. */
  get snapshot(): SnapshotFrom<A> {
    return this.actor.getSnapshot() as SnapshotFrom<A>;
  }

  hostConnected(): void {
    this.subscription = this.actor.subscribe((s: SnapshotFrom<A>) => {
      this.onSnapshot?.(s);
      this.host.requestUpdate();
    });
    this.actor.start();
  }

  hostDisconnected(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.actor.stop();
  }
}
