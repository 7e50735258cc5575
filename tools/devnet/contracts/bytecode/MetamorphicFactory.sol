// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.22;

/**
 * @notice The metamorphic-contract trick (0age's pattern; the 2023 Tornado Cash governance takeover used its CREATE2 +
 * SELFDESTRUCT core): CREATE2 with always the same init code, so the address depends on the salt alone, while the init
 * code copies whatever runtime code `implementation` holds. Destroy the child and deploy again with the same salt: same
 * address, different code. Works only before Cancun (EIP-6780 keeps code unless destroyed in its creating transaction).
 * Written without memory-to-memory copies so the Cancun-targeted build emits no MCOPY and runs on a Shanghai node.
 */
contract MetamorphicFactory {
    address public implementation;

    event Deployed(address indexed at, bytes32 salt, address implementation);

    function deploy(bytes32 salt, address runtimeFrom) external returns (address at) {
        implementation = runtimeFrom;
        bytes memory init = type(MetamorphicInit).creationCode;
        assembly {
            at := create2(0, add(init, 32), mload(init), salt)
        }
        require(at != address(0), "create2 failed (address taken)");
        implementation = address(0);
        emit Deployed(at, salt, runtimeFrom);
    }

    function addressOf(bytes32 salt) external view returns (address) {
        bytes32 hash = keccak256(abi.encodePacked(bytes1(0xff), address(this), salt, keccak256(type(MetamorphicInit).creationCode)));
        return address(uint160(uint256(hash)));
    }
}

/// @dev The fixed init code: returns the runtime code of the factory's current `implementation`.
contract MetamorphicInit {
    constructor() {
        address from = MetamorphicFactory(msg.sender).implementation();
        assembly {
            let size := extcodesize(from)
            extcodecopy(from, 0, 0, size)
            return(0, size)
        }
    }
}

/// @notice The proposal a voter reviews: harmless, and destructible (which is the tell).
contract MetamorphicProposalBenign {
    event Executed(string what);

    function execute() external {
        emit Executed("benign");
    }

    function destroy() external {
        selfdestruct(payable(msg.sender));
    }
}

/// @notice What runs at the same address after the redeploy.
contract MetamorphicProposalMalicious {
    address public owner;

    function execute() external {
        owner = tx.origin;
    }
}
