import { QueryFailedError } from "typeorm";
import { isDependencyOutage } from "./dependency-outage";

const withCode = (message: string, code: string) =>
  Object.assign(new Error(message), { code });

describe("isDependencyOutage", () => {
  it("recognises a refused, reset or timed-out connection, pool timeouts and a server going down", () => {
    expect(
      isDependencyOutage(
        withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED")
      )
    ).toBe(true);
    expect(isDependencyOutage(withCode("read ECONNRESET", "ECONNRESET"))).toBe(
      true
    );
    expect(
      isDependencyOutage(new Error("Connection terminated unexpectedly"))
    ).toBe(true);
    expect(
      isDependencyOutage(new Error("timeout exceeded when trying to connect"))
    ).toBe(true);
    expect(
      isDependencyOutage(
        withCode("terminating connection due to administrator command", "57P01")
      )
    ).toBe(true);
    expect(isDependencyOutage(withCode("connection failure", "08006"))).toBe(
      true
    );
    expect(
      isDependencyOutage(
        new AggregateError(
          [withCode("connect ECONNREFUSED ::1:5432", "ECONNREFUSED")],
          ""
        )
      )
    ).toBe(true);
  });

  it("follows TypeORM's driverError and an error's cause", () => {
    expect(
      isDependencyOutage(
        new QueryFailedError(
          "select 1",
          [],
          withCode("the database system is shutting down", "57P03")
        )
      )
    ).toBe(true);
    expect(
      isDependencyOutage(
        new Error("handler failed", {
          cause: new Error("Connection terminated"),
        })
      )
    ).toBe(true);
  });

  it("does not take a query's own failure for an outage", () => {
    expect(
      isDependencyOutage(
        new QueryFailedError(
          "insert",
          [],
          withCode("duplicate key value violates unique constraint", "23505")
        )
      )
    ).toBe(false);
    expect(
      isDependencyOutage(
        withCode("canceling statement due to statement timeout", "57014")
      )
    ).toBe(false);
    expect(
      isDependencyOutage(
        new TypeError("Cannot read properties of undefined (reading 'id')")
      )
    ).toBe(false);
    expect(isDependencyOutage("ECONNREFUSED")).toBe(false);
  });
});

describe("isDependencyOutage (the chaos suite's cases)", () => {
  const withCode = (message: string, code: string) =>
    Object.assign(new Error(message), { code });

  it("recognises a refused, reset or timed-out connection by its socket code", () => {
    expect(
      isDependencyOutage(
        withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED")
      )
    ).toBe(true);
    expect(isDependencyOutage(withCode("read ECONNRESET", "ECONNRESET"))).toBe(
      true
    );
  });

  it("recognises node-postgres and ioredis losing their connection", () => {
    expect(
      isDependencyOutage(new Error("Connection terminated unexpectedly"))
    ).toBe(true);
    expect(
      isDependencyOutage(new Error("timeout exceeded when trying to connect"))
    ).toBe(true);
    expect(isDependencyOutage(new Error("Connection is closed."))).toBe(true);
  });

  it("looks through TypeORM driver errors, causes and aggregate connect errors", () => {
    const driver = withCode("the database system is shutting down", "57P01");
    expect(
      isDependencyOutage(new QueryFailedError("SELECT 1", [], driver))
    ).toBe(true);
    expect(
      isDependencyOutage(
        new Error("write failed", { cause: withCode("x", "ECONNREFUSED") })
      )
    ).toBe(true);
    expect(
      isDependencyOutage(
        new AggregateError([
          withCode("a", "ECONNREFUSED"),
          withCode("b", "ECONNREFUSED"),
        ])
      )
    ).toBe(true);
  });

  it("recognises an RPC endpoint that gave no answer (429, 5xx, timeout, garbage, open circuit), not one that reverted", () => {
    const named = (name: string) => Object.assign(new Error("rpc"), { name });
    for (const name of [
      "RpcTimeoutError",
      "RpcRateLimitedError",
      "RpcServerError",
      "RpcConnectionError",
      "RpcMalformedResponseError",
      "RpcCircuitOpenError",
    ]) {
      expect(
        isDependencyOutage(
          new Error("enrichment failed", { cause: named(name) })
        )
      ).toBe(true);
    }
    expect(isDependencyOutage(named("RpcRevertError"))).toBe(false);
    expect(isDependencyOutage(named("RpcInvalidParamsError"))).toBe(false);
  });

  it("does not excuse a failure of the message itself", () => {
    expect(
      isDependencyOutage(
        new QueryFailedError(
          "INSERT",
          [],
          withCode("duplicate key value", "23505")
        )
      )
    ).toBe(false);
    expect(isDependencyOutage(new Error("value out of range"))).toBe(false);
    expect(
      isDependencyOutage(
        new TypeError("Cannot read properties of undefined (reading 'x')")
      )
    ).toBe(false);
    expect(isDependencyOutage("ECONNREFUSED")).toBe(false);
  });
});
